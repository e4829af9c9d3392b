"""`sitrep tag`: JSON lines in, JSON lines out, bad lines reported by number and skipped."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from pipelines.tagger import EventTagger
from sitrep.commands import tag as tag_command

GOOD = json.dumps(
    {
        "id": "a1",
        "title": "Shelling in Kherson",
        "text": "Russian shelling killed three civilians in Kherson, Ukraine.",
    }
)


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sitrep")
    tag_command.register(parser.add_subparsers())
    return parser.parse_args(argv)


@pytest.mark.unit
def test_register_adds_tag_with_defaults() -> None:
    args = _parse(["tag"])
    assert args.input == "-" and args.output == "-" and args.func is tag_command.run


@pytest.mark.unit
def test_good_lines_give_one_output_line_each(tagger: EventTagger) -> None:
    out, err = io.StringIO(), io.StringIO()
    bad = tag_command.tag_lines(tagger, [GOOD + "\n", GOOD + "\n"], out, err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert bad == 0 and len(rows) == 2 and err.getvalue() == ""
    assert rows[0]["id"] == "a1" and "shelling" in rows[0]["tags"]
    assert set(rows[0]) == {
        "id",
        "event_types",
        "tags",
        "evidence",
        "fatalities",
        "weapons",
        "actors",
        "locations",
        "countries",
    }


@pytest.mark.unit
def test_bad_lines_are_reported_with_line_numbers_and_skipped(tagger: EventTagger) -> None:
    out, err = io.StringIO(), io.StringIO()
    lines = [GOOD, "not json", json.dumps({"id": "x", "title": "t"}), "[1, 2]", GOOD]
    bad = tag_command.tag_lines(tagger, lines, out, err)
    assert bad == 3
    assert len(out.getvalue().splitlines()) == 2
    messages = err.getvalue()
    assert "line 2: not valid JSON" in messages
    assert "line 3: missing field(s) text" in messages
    assert "line 4:" in messages


@pytest.mark.unit
def test_run_exit_codes(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(GOOD + "\n", encoding="utf-8")
    assert tag_command.run(_parse(["tag", "--input", str(source), "--output", str(target)])) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "a1"
    source.write_text(GOOD + "\n{oops\n", encoding="utf-8")
    assert tag_command.run(_parse(["tag", "--input", str(source), "--output", str(target)])) == 1


@pytest.mark.unit
@pytest.mark.parametrize("record", [{"id": "n", "title": None}, {"id": "n"}], ids=["null", "absent"])
def test_null_or_absent_title_reads_as_empty(tagger: EventTagger, record: dict) -> None:
    out, err = io.StringIO(), io.StringIO()
    text = "Russian shelling killed three civilians in Kherson, Ukraine."
    bad = tag_command.tag_lines(tagger, [json.dumps({**record, "text": text})], out, err)
    assert (bad, err.getvalue()) == (0, "")
    assert "shelling" in json.loads(out.getvalue())["tags"]


@pytest.mark.unit
@pytest.mark.parametrize("title", [7, ["a"], {"a": 1}, True])
def test_title_of_another_type_is_refused(tagger: EventTagger, title: object) -> None:
    out, err = io.StringIO(), io.StringIO()
    bad = tag_command.tag_lines(tagger, [json.dumps({"id": "x", "title": title, "text": "t"})], out, err)
    assert bad == 1 and out.getvalue() == ""
    assert "line 1: title and text must be strings; skipped" in err.getvalue()
