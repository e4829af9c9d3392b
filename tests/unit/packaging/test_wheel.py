"""The wheel a library user installs carries every data file, and builds without warnings."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
DATA = ("*.json", "*.yaml")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Build the wheel once, as `pip wheel` would, with the locked setuptools."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (wheel,) = out.glob("sitrep-*.whl")
    return wheel, done.stdout + done.stderr


def test_wheel_carries_every_schema_and_taxonomy_file(build):
    wheel, _ = build
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {
        path.relative_to(ROOT).as_posix()
        for pattern in DATA
        for path in (ROOT / "schemas").rglob(pattern)
    }
    assert len(wanted) >= 10 and not wanted - names, sorted(wanted - names)


def test_wheel_carries_the_web_page(build):
    wheel, _ = build
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"sitrep/api/static/index.html", "sitrep/api/static/app.js", "sitrep/api/static/app.css"} <= names


def test_wheel_builds_without_package_configuration_warnings(build):
    _, output = build
    assert "is absent from the" not in output and "BuildBackendWarning" not in output, output[-3000:]
