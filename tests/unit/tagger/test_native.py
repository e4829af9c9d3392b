"""The compiled tagger: used by the suite, identical to the interpreted one, never stale."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines import tagger as tagger_package
from pipelines.tagger import EventTagger
from pipelines.tagger.native import (
    DIGEST_FILE,
    SWITCH,
    Build,
    build_state,
    running_compiled,
    sources_digest,
    use_compiled,
)

ROOT = Path(__file__).resolve().parents[3]
LABELLED = (
    "devset.jsonl",
    "devset-wire.jsonl",
    "articles-dev.jsonl",
    "articles-heldout.jsonl",
    "blind-1.jsonl",
    "blind-2.jsonl",
    "blind-3.jsonl",
    "blind-4.jsonl",
    "blind-5.jsonl",
    "blind-6.jsonl",
    "blind-7.jsonl",
    "blind-8.jsonl",
)
# Tags every labelled text with the interpreted modules and prints the results as JSON.
INTERPRETED = """
import json, sys
from pipelines.tagger import EventTagger
from pipelines.tagger.native import running_compiled
assert not running_compiled(), "the interpreted run loaded compiled modules"
tagger = EventTagger.from_schemas()
rows = json.load(sys.stdin)
print(json.dumps([tagger.tag(row["title"], row["text"]).to_dict() for row in rows]))
"""


def _labelled_texts(fixtures_dir: Path) -> list[dict[str, str]]:
    rows = []
    for name in LABELLED:
        for line in (fixtures_dir / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append({"title": row.get("title", ""), "text": row["text"]})
    seed = (fixtures_dir / "seed-article.txt").read_text(encoding="utf-8")
    return [*rows, {"title": "", "text": seed}]


@pytest.mark.unit
def test_the_suite_runs_the_compiled_tagger() -> None:
    assert tagger_package.BUILD is Build.CURRENT and running_compiled(), (
        f"the tagger is not compiled from these sources ({tagger_package.BUILD.value}): "
        "`make` builds it (deploy/native/build_tagger.py)"
    )


@pytest.mark.unit
def test_compiled_and_interpreted_taggers_agree_on_every_labelled_text(
    tagger: EventTagger, fixtures_dir: Path
) -> None:
    rows = _labelled_texts(fixtures_dir)
    completed = subprocess.run(
        [sys.executable, "-c", INTERPRETED],
        input=json.dumps(rows),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, SWITCH: "0"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    interpreted = json.loads(completed.stdout)
    compiled = [tagger.tag(row["title"], row["text"]).to_dict() for row in rows]
    assert len(compiled) == len(rows) > 400
    assert sum(bool(result["tags"]) for result in compiled) > 200  # the comparison covers tags
    for row, mine, theirs in zip(rows, compiled, interpreted, strict=True):
        assert mine == theirs, row["title"] or row["text"][:80]


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A source dir of two modules and a build dir whose digest matches them."""
    monkeypatch.delenv(SWITCH, raising=False)
    source, build = tmp_path / "source", tmp_path / "build"
    source.mkdir()
    build.mkdir()
    (source / "alpha.py").write_text("A = 1\n")
    (source / "beta.py").write_text("B = 2\n")
    (source / "__init__.py").write_text("# the loader's package: not compiled\n")
    (build / DIGEST_FILE).write_text(sources_digest(source) + "\n")
    return source, build


@pytest.mark.unit
def test_a_build_of_the_same_sources_is_current(built: tuple[Path, Path]) -> None:
    source, build = built
    assert build_state(source, build) is Build.CURRENT
    (source / "__init__.py").write_text("# edited: the package init is never compiled\n")
    assert build_state(source, build) is Build.CURRENT


@pytest.mark.unit
@pytest.mark.parametrize(
    "change",
    [
        lambda source: (source / "alpha.py").write_text("A = 3\n"),
        lambda source: (source / "beta.py").rename(source / "gamma.py"),
        lambda source: (source / "beta.py").unlink(),
        lambda source: (source / "delta.py").write_text(""),
    ],
    ids=["edited", "renamed", "deleted", "added"],
)
def test_any_change_to_the_compiled_sources_makes_the_build_stale(built: tuple[Path, Path], change) -> None:
    source, build = built
    change(source)
    assert build_state(source, build) is Build.STALE


@pytest.mark.unit
def test_no_digest_is_a_missing_build(built: tuple[Path, Path]) -> None:
    source, build = built
    (build / DIGEST_FILE).unlink()
    assert build_state(source, build) is Build.MISSING


@pytest.mark.unit
@pytest.mark.parametrize("value", ["0", "false", "off"])
def test_the_switch_turns_a_current_build_off(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(SWITCH, value)
    assert build_state(*built) is Build.DISABLED


@pytest.mark.unit
def test_only_a_current_build_goes_on_the_package_path(
    built: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    source, build = built
    path = [str(source)]
    assert use_compiled(path, source, build) is Build.CURRENT
    assert path == [str(build), str(source)]

    (source / "alpha.py").write_text("A = 3\n")
    path = [str(source)]
    with caplog.at_level(logging.WARNING, logger="pipelines.tagger.native"):
        assert use_compiled(path, source, build) is Build.STALE
    assert path == [str(source)]
    assert "built from other sources" in caplog.text and "make" in caplog.text
