"""A cycle's planned ranges are processed in windows that bound the DirectRunner's memory."""

from __future__ import annotations

import pytest

from connectors.kafka_offsets import OffsetRange
from pipelines.cycle import windows

pytestmark = pytest.mark.unit
PLAN = [OffsetRange("raw", 0, 0, 7), OffsetRange("raw", 1, 3, 3), OffsetRange("raw", 2, 10, 14)]


def offsets(ranges: list[OffsetRange]) -> list[tuple[int, int]]:
    return [(r.partition, o) for r in ranges for o in range(r.start, r.stop)]


def test_windows_cover_every_planned_offset_once_in_order() -> None:
    cut = windows(PLAN, 5)
    assert [o for w in cut for o in offsets(w)] == offsets(PLAN)


def test_no_window_holds_more_than_its_size() -> None:
    assert [sum(r.size for r in w) for w in windows(PLAN, 5)] == [5, 5, 1]


def test_a_plan_smaller_than_the_window_is_one_run() -> None:
    assert windows(PLAN, 5000) == [[PLAN[0], PLAN[2]]]
