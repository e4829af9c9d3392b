"""The lock covers setup.py: every requirement pinned there, at a version its range allows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _setup_requirements() -> list[Requirement]:
    """The requirement lists of setup.py, read without running it."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    lists = {
        target.id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.endswith("_REQUIRES")
    }
    assert set(lists) == {"INSTALL_REQUIRES", "DEV_REQUIRES", "NATIVE_REQUIRES"}
    return [Requirement(line) for requirements in lists.values() for line in requirements]


def _locked() -> dict[str, Version]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(text)}


def test_every_setup_requirement_is_locked_within_its_range():
    locked = _locked()
    problems = []
    for requirement in _setup_requirements():
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name} is not in requirements.lock: run `make lock`")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} is outside setup.py's {requirement.specifier}")
    assert not problems, problems


def test_every_locked_package_is_hash_checked():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[1])
    unhashed = [entry.split()[0] for entry in entries if "==" in entry and "--hash=sha256:" not in entry]
    assert len(_locked()) > 100 and not unhashed, unhashed


def test_the_installed_environment_is_the_locked_one():
    from importlib.metadata import distributions

    locked = _locked()
    installed = {canonicalize_name(dist.metadata["Name"]): Version(dist.version) for dist in distributions()}
    drift = sorted(
        f"{name} {version} (lock: {locked[name]})"
        for name, version in installed.items()
        if name in locked and version != locked[name]
    )
    assert not drift, f"installed versions differ from requirements.lock (run make): {drift}"
