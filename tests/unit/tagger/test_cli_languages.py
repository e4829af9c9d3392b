"""`sitrep tag` reads each article in its own language: the record's, `--language`, or detected."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from pipelines.tagger import MultilingualTagger
from sitrep.commands import tag as tag_command

RUSSIAN = "Российские войска обстреляли Харьков. Погибли семеро мирных жителей."


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sitrep")
    tag_command.register(parser.add_subparsers())
    return parser.parse_args(argv)


@pytest.fixture(scope="module")
def multilingual() -> MultilingualTagger:
    """English plus the lexicon files present."""
    return MultilingualTagger()


def _tag(multilingual: MultilingualTagger, record: dict, language: str | None = None) -> dict:
    out, err = io.StringIO(), io.StringIO()
    bad = tag_command.tag_lines(
        multilingual, [json.dumps({"id": "a", "title": "", **record})], out, err, language
    )
    assert (bad, err.getvalue()) == (0, "")
    return json.loads(out.getvalue())


@pytest.mark.unit
def test_language_option_is_registered() -> None:
    assert _parse(["tag", "--language", "ru"]).language == "ru"
    assert _parse(["tag"]).language is None


@pytest.mark.unit
def test_the_language_option_picks_the_rules(multilingual: MultilingualTagger) -> None:
    row = _tag(multilingual, {"text": RUSSIAN}, "ru")
    assert row["tagged_language"] == "ru" and "shelling" in row["tags"]
    assert row["locations"][0]["name"] == "Kharkiv"


@pytest.mark.unit
def test_a_record_language_comes_before_the_option(multilingual: MultilingualTagger) -> None:
    row = _tag(multilingual, {"text": RUSSIAN, "language": "pt"}, "ru")
    assert row["tagged_language"] is None and row["tags"] == []


@pytest.mark.unit
def test_without_either_the_language_is_detected(multilingual: MultilingualTagger) -> None:
    row = _tag(multilingual, {"text": RUSSIAN})
    assert row["tagged_language"] == "ru" and "shelling" in row["tags"]
