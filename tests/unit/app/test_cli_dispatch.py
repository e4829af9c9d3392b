"""The CLI loads only the command asked for, so light commands start fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitrep.cli import COMMAND_MODULES, requested_commands

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", '"ceasefire collapse"', "--tag", "airstrike"], ("search",)),
        (["--config", "sitrep.yaml", "--log-format", "json", "process", "--json"], ("process",)),
        (["--config", "run", "search", "q"], ("search",)),  # an option's value is not the command
        (["--help"], COMMAND_MODULES),
        ([], COMMAND_MODULES),
        (["serach", "q"], COMMAND_MODULES),  # a typo gets the full list of choices in the error
    ],
)
def test_only_the_named_command_is_loaded(argv, expected):
    assert requested_commands(argv) == expected


def test_search_does_not_import_beam():
    probe = (
        "import sys; from sitrep import cli; cli.build_parser(cli.requested_commands(['search', 'x']));"
        "print('apache_beam' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_mistyped_command_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "sitrep.cli", "serach"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "invalid choice: 'serach'" in out.stderr
    assert all(name in out.stderr for name in COMMAND_MODULES)
