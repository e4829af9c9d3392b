"""One duration format for feeds files, rule files and flags."""

from __future__ import annotations

from datetime import timedelta

import pytest

from schemas.durations import parse_duration

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("text", "expected"), [
    (900, timedelta(minutes=15)), ("45", timedelta(seconds=45)), ("90s", timedelta(seconds=90)),
    ("15m", timedelta(minutes=15)), ("6h", timedelta(hours=6)), ("7d", timedelta(days=7)),
    ("2w", timedelta(weeks=2)),
])
def test_whole_seconds_or_a_number_with_a_unit(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "1.5h", "-5m", "5x", -3, "m"])
def test_anything_else_is_refused_with_an_example(text):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)
