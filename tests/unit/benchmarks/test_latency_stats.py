"""Latency percentiles as every benchmark reports them: linear between the nearest ranks."""

import importlib.util
import math
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

_SOURCE = Path(__file__).resolve().parents[3] / "benchmarks" / "latency_stats.py"
_SPEC = importlib.util.spec_from_file_location("latency_stats", _SOURCE)
latency_stats = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(latency_stats)


def test_median_of_an_even_count_lies_between_the_middle_two():
    assert latency_stats.percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5


def test_p95_interpolates_between_the_two_nearest_ranks():
    values = [float(n) for n in range(1, 21)]  # rank (20 - 1) * 0.95 = 18.05
    assert latency_stats.percentile(values, 95) == pytest.approx(19.05)


def test_ends_are_the_smallest_and_largest_values():
    assert latency_stats.percentile([7.0, 3.0, 5.0], 0) == 3.0
    assert latency_stats.percentile([7.0, 3.0, 5.0], 100) == 7.0


def test_a_single_sample_is_every_percentile():
    assert latency_stats.percentile([0.25], 99) == 0.25


def test_no_samples_give_nan_rather_than_an_error():
    assert math.isnan(latency_stats.percentile([], 50))
    assert latency_stats.latency_summary([])["count"] == 0


def test_percentile_outside_zero_to_hundred_is_refused():
    with pytest.raises(ValueError, match=r"within 0\.\.100"):
        latency_stats.percentile([1.0], 101)


def test_summary_scales_seconds_to_milliseconds():
    summary = latency_stats.latency_summary([0.010, 0.020, 0.030])
    assert summary == {"count": 3, "p50": 20.0, "p95": 29.0, "p99": 29.8, "max": 30.0}
