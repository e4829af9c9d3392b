"""The compiled tagger: these same modules built to C by mypyc, used only while they match.

`make` compiles every tagger module but this one and `__init__` (deploy/native/build_tagger.py)
into build/native/: about 1.5x the articles per second of the interpreted modules on
conflict reporting, with the same results (tests/unit/tagger/test_native.py compares the two
on every labelled text). The build records a digest of the sources it compiled; a process
puts the compiled modules first on the package's search path only while the sources still
have that digest, so an edited module never runs as stale compiled code: it runs
interpreted, with a warning, until the next `make` rebuilds it.

SITREP_TAGGER_COMPILED=0 forces the interpreted modules (debugging, side-by-side benchmarks).
"""

from __future__ import annotations

import hashlib
import logging
import os
from enum import Enum
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parent
BUILD_DIR = SOURCE_DIR.parents[1] / "build" / "native" / "pipelines" / "tagger"
DIGEST_FILE = "SOURCES.sha256"
NOT_COMPILED = frozenset({"__init__.py", "native.py"})  # the loader must stay importable as is
SWITCH = "SITREP_TAGGER_COMPILED"

log = logging.getLogger(__name__)


class Build(Enum):
    """Whether a process can use the compiled modules, and why not."""

    CURRENT = "current"  # built from exactly these sources: used
    STALE = "stale"  # sources changed since the build: interpreted, with a warning
    MISSING = "missing"  # never built here (plain `pip install`): interpreted
    DISABLED = "disabled"  # SITREP_TAGGER_COMPILED=0


def compiled_sources(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """The modules the build compiles, in a stable order."""
    return sorted(path for path in source_dir.glob("*.py") if path.name not in NOT_COMPILED)


def sources_digest(source_dir: Path = SOURCE_DIR) -> str:
    """SHA-256 over the compiled modules' names and contents (a rename or deletion counts too)."""
    digest = hashlib.sha256()
    for path in compiled_sources(source_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_state(source_dir: Path = SOURCE_DIR, build_dir: Path = BUILD_DIR) -> Build:
    """Whether the compiled modules in `build_dir` were built from the sources in `source_dir`."""
    if os.environ.get(SWITCH, "1").strip().lower() in {"0", "false", "no", "off"}:
        return Build.DISABLED
    recorded = build_dir / DIGEST_FILE
    if not recorded.is_file():
        return Build.MISSING
    if recorded.read_text(encoding="utf-8").strip() != sources_digest(source_dir):
        return Build.STALE
    return Build.CURRENT


def use_compiled(
    package_path: list[str], source_dir: Path = SOURCE_DIR, build_dir: Path = BUILD_DIR
) -> Build:
    """Put the compiled modules first on the tagger package's path when they are current.

    Called by the package's `__init__` before it imports any of its modules, so a process
    runs either every module compiled or none.
    """
    state = build_state(source_dir, build_dir)
    if state is Build.CURRENT:
        package_path.insert(0, str(build_dir))
    elif state is Build.STALE:
        log.warning(
            "the compiled tagger in %s was built from other sources; running the interpreted "
            "tagger (about 1.5x slower) until `make` rebuilds it",
            build_dir,
        )
    return state


def running_compiled() -> bool:
    """True when this process's tagger modules are the compiled ones."""
    from pipelines.tagger import tagger

    return not (tagger.__file__ or "").endswith(".py")
