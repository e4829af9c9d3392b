"""The linking step of the processing cycle, as a Beam transform.

Every linkable article of a window becomes a report in parallel; the reports then meet in
one bundle (a single key), so the window's events are looked up with one search and written
by one writer: no two workers ever rebuild the same event at once.

The step times itself in Beam distributions (not counters, which must be equal on every
runner): ``events_report_us`` per article, ``events_relink_ms`` per window, so what linking
costs inside a cycle can be read off the run without a profiler.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from connectors.elasticsearch_client import make_client
from connectors.events_store import ensure_events_index
from connectors.settings import ElasticsearchSettings
from pipelines.events.relink import relink
from pipelines.events.reports import Report, is_linkable, report_of

BATCH_KEY = "events"
REPORT_US = Metrics.distribution("sitrep", "events_report_us")


def keyed_report(article: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The article's report under the one batch key (plain data, so it pickles cheaply)."""
    started = time.perf_counter_ns()
    keyed = BATCH_KEY, report_of(article).to_dict()
    REPORT_US.update((time.perf_counter_ns() - started) // 1000)
    return keyed


class RelinkDoFn(beam.DoFn):
    """One window's reports into `sitrep-events`: one lookup, one bulk write."""

    def __init__(self, es: ElasticsearchSettings) -> None:
        self.es = es
        self.linked = Metrics.counter("sitrep", "events_reports")
        self.written = Metrics.counter("sitrep", "events_written")
        self.relink_ms = Metrics.distribution("sitrep", "events_relink_ms")

    def setup(self) -> None:
        self.client = make_client(self.es)
        ensure_events_index(self.client, self.es.events_index)

    def process(self, keyed: tuple[str, Iterable[dict[str, Any]]]) -> Iterator[dict[str, int]]:
        _key, reports = keyed
        started = time.perf_counter()
        result = relink(self.client, self.es.events_index, [Report.from_dict(r) for r in reports])
        self.relink_ms.update(round((time.perf_counter() - started) * 1000))
        self.linked.inc(result.reports)
        self.written.inc(result.written + result.deleted)
        yield {"reports": result.reports, "events": result.events, "written": result.written}

    def teardown(self) -> None:
        self.client.close()


class LinkEvents(beam.PTransform):
    """Tagged articles in; events written to the events index (summaries out)."""

    def __init__(self, es: ElasticsearchSettings) -> None:
        super().__init__()
        self.es = es

    def expand(self, articles: beam.PCollection) -> beam.PCollection:
        return (
            articles
            | "Linkable" >> beam.Filter(is_linkable)
            | "ToReport" >> beam.Map(keyed_report)
            | "OneBatch" >> beam.GroupByKey()
            | "Relink" >> beam.ParDo(RelinkDoFn(self.es))
        )
