"""Children's raw stderr goes to the worker log; sitrep's own log lines stay on the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SCRIPT = """
import logging, subprocess, sys
from pathlib import Path
from sitrep.logs import configure_logging
from sitrep.worker_output import worker_output_to
configure_logging("text", sys.argv[2])
with worker_output_to(Path(sys.argv[1])):
    noise = "import sys; sys.stderr.write('WARNING:root:apitools not found\\\\n')"
    subprocess.run([sys.executable, "-c", noise])
    logging.getLogger("sitrep.test").warning("own line during the run")
logging.getLogger("sitrep.test").warning("own line after the run")
"""


def _run(tmp_path: Path, level: str) -> tuple[str, Path]:
    log = tmp_path / "logs" / "beam-workers.log"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(log), level], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stderr, log


def test_worker_noise_goes_to_the_log_file_and_own_lines_to_the_terminal(tmp_path):
    stderr, log = _run(tmp_path, "INFO")
    assert "apitools" not in stderr
    assert "own line during the run" in stderr and "own line after the run" in stderr
    assert "WARNING:root:apitools not found" in log.read_text()


def test_debug_level_leaves_worker_output_on_the_terminal(tmp_path):
    stderr, log = _run(tmp_path, "DEBUG")
    assert "WARNING:root:apitools not found" in stderr and not log.exists()
