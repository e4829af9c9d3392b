"""One bounded processing cycle: plan offsets, run the pipeline, commit only after success."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import (
    DirectOptions,
    PipelineOptions,
    StandardOptions,
    WorkerOptions,
)
from apache_beam.runners.runner import PipelineState

from connectors.elasticsearch_bulk import refresh
from connectors.elasticsearch_client import make_client
from connectors.kafka_offsets import OffsetRange, commit_ranges, plan_ranges, split_range
from connectors.settings import ElasticsearchSettings, KafkaSettings
from pipelines.deadletter import DEADLETTER, PublishDeadLetters
from pipelines.decode import DecodeRawArticles
from pipelines.enrich import TagEvents
from pipelines.events.transform import LinkEvents
from pipelines.extract import ExtractText
from pipelines.index import WriteToElasticsearch
from pipelines.normalise import NormaliseArticles
from pipelines.read import ReadRawArticles
from pipelines.settings import PipelineSettings
from pipelines.stories import AssignStories

log = logging.getLogger(__name__)
# glibc gives every thread its own malloc arena; the gRPC threads of Beam's runner and SDK
# workers then scatter 170 KB page strings over many arenas that are never given back, and
# resident memory grows with the number of pages read. Two arenas cut the growth by half or
# more (1600 pages: workers 652 -> 541 MiB, runner 603 -> 387 MiB) at no measurable speed cost.
MALLOC_ARENAS = "2"
M_ARENA_MAX = -8
# Flags by which the user picks the runner and its workers; given any, sitrep chooses none.
RUNNER_FLAGS = ("--runner", "--direct_running_mode", "--direct_num_workers")
COUNTERS = ("read", "extracted", "fallbacks", "failed", "duplicates", "near_duplicates", "indexed")


@dataclass
class CycleReport:
    """What one cycle did: the ranges read, Beam's counters, whether offsets were committed."""

    ranges: list[OffsetRange]
    counters: dict[str, int] = field(default_factory=dict)
    state: str = "NOT_RUN"
    committed: dict[int, int] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the pipeline finished and offsets were committed (or there was nothing to do)."""
        return self.error is None

    @property
    def planned(self) -> int:
        """Offsets the cycle set out to read."""
        return sum(r.size for r in self.ranges)


def build_pipeline(
    p: beam.Pipeline,
    ranges: Sequence[OffsetRange],
    kafka: KafkaSettings,
    es: ElasticsearchSettings,
    settings: PipelineSettings,
    extract_children: int = 1,
) -> None:
    """The cycle as a sentence: read, decode, extract, normalise, tag, stories, write, link events.

    ``extract_children``: pages parsed at once by each extraction step (one process each)."""
    raw = p | "ReadRaw" >> ReadRawArticles(kafka, ranges, settings.read_chunk)
    decoded = raw | "Decode" >> DecodeRawArticles()
    extracted = decoded.articles | "Extract" >> ExtractText(settings, extract_children)
    # Tagging comes before stories: it needs no story, and before the stories' shuffle it
    # runs while the pages are still being extracted, not alone after them (in process, a
    # stage after a shuffle starts only when the one before it has finished).
    tagged = extracted.articles | "Normalise" >> NormaliseArticles() | "TagEvents" >> TagEvents()
    stories = tagged.articles | "Stories" >> AssignStories(settings, es)
    _written, refused = stories | "Write" >> WriteToElasticsearch(es, kafka, settings)
    _events = stories | "LinkEvents" >> LinkEvents(es)
    (
        (decoded[DEADLETTER], extracted[DEADLETTER], tagged[DEADLETTER], refused)
        | "AllFailures" >> beam.Flatten()
        | "DeadLetter" >> PublishDeadLetters(kafka)
    )


def bound_malloc_arenas() -> None:
    """Cap glibc malloc arenas here and in the workers we spawn (they inherit the variable).

    A value the operator already set is kept; on a libc without ``mallopt`` nothing happens.
    """
    value = os.environ.setdefault("MALLOC_ARENA_MAX", MALLOC_ARENAS)
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt") and value.isdigit():
        libc.mallopt(M_ARENA_MAX, int(value))


def release_memory() -> None:
    """Between windows and cycles, hand the last window's freed heap back to the system.

    The driver outlives every window (the SDK workers do not) and, on the in-process path,
    runs the whole pipeline; without this its resident memory ratchets up with each window's
    shuffle buffers and pages even though Python freed them. Costs 0.1-0.3 s (a full
    collection), so `sitrep run --every` does it after a cycle's alerts are delivered.
    """
    gc.collect()
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, looked up once (find_library runs ldconfig; this runs every window)."""
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


def runs_in_process(window_size: int, settings: PipelineSettings, argv: Sequence[str]) -> bool:
    """Whether a window is small enough to run inside this process rather than on workers.

    A multi-process DirectRunner pays seconds of start-up (SDK worker processes, their
    imports, the tagger's lexicons) whatever the window holds; below ``in_process_below``
    offsets that start-up is most of the cost. A runner chosen by the user's own flags wins.
    """
    return window_size < settings.in_process_below and not any(_given(argv, f) for f in RUNNER_FLAGS)


def _given(argv: Sequence[str], flag: str) -> bool:
    """Whether the user's flags set ``flag`` (as ``--flag=value`` or ``--flag value``)."""
    return any(arg.startswith(flag) for arg in argv)


def pipeline_options(argv: Sequence[str], in_process: bool = False) -> PipelineOptions:
    """Beam options from the flags; locally, the multi-process DirectRunner on every core, or
    with ``in_process`` (see `runs_in_process`) the DirectRunner in this process, one worker."""
    options = PipelineOptions(list(argv))
    direct = options.view_as(DirectOptions)
    if in_process:
        direct.direct_running_mode, direct.direct_num_workers = "in_memory", 1
    else:
        if not _given(argv, "--direct_running_mode"):
            direct.direct_running_mode = "multi_processing"
        if not _given(argv, "--direct_num_workers"):
            direct.direct_num_workers = os.cpu_count() or 1
    if not _given(argv, "--runner"):
        options.view_as(StandardOptions).runner = "DirectRunner"  # said, not logged as missing
    harness = options.view_as(WorkerOptions)
    if not _given(argv, "--default_sdk_harness_log_level"):
        harness.default_sdk_harness_log_level = "WARNING"
        # the SDK harness's own start-up warnings (no semi-persistent directory, runner flags
        # it does not know) are noise; sitrep's DoFns keep logging at WARNING
        harness.sdk_harness_log_level_overrides = dict.fromkeys(("kafka", "apache_beam", "__main__"), "ERROR")
    return options


def counters_of(result: beam.runners.runner.PipelineResult) -> dict[str, int]:
    """The sitrep counters of a finished pipeline, zero for those never incremented."""
    counters = dict.fromkeys(COUNTERS, 0)
    for metric in result.metrics().query(MetricsFilter())["counters"]:
        if metric.key.metric.namespace == "sitrep":
            counters[metric.key.metric.name] = counters.get(metric.key.metric.name, 0) + int(
                metric.committed or 0
            )
    return counters


def windows(ranges: Sequence[OffsetRange], size: int) -> list[list[OffsetRange]]:
    """The planned ranges cut into consecutive windows of at most ``size`` offsets each."""
    out: list[list[OffsetRange]] = [[]]
    room = size
    for offset_range in ranges:
        rest = offset_range
        while rest.size:
            if room == 0:
                out.append([])
                room = size
            piece = split_range(rest, room)[0]
            out[-1].append(piece)
            room -= piece.size
            rest = OffsetRange(rest.topic, rest.partition, piece.stop, rest.stop)
    return [w for w in out if w]


def run_window(
    ranges: Sequence[OffsetRange],
    kafka: KafkaSettings,
    es: ElasticsearchSettings,
    settings: PipelineSettings,
    argv: Sequence[str],
) -> tuple[str, dict[str, int]]:
    """One pipeline run over one window, refreshed so the next window sees its stories.

    Returns the final state and counters; the refresh only happens when the run is DONE.
    """
    size = sum(r.size for r in ranges)
    in_process = runs_in_process(size, settings, argv)
    log.debug("window of %d offsets runs %s", size, "in this process" if in_process else "on the runner")
    p = beam.Pipeline(options=pipeline_options(argv, in_process))
    # in process, one DoFn instance does all the extraction: it keeps every core parsing
    build_pipeline(p, ranges, kafka, es, settings, (os.cpu_count() or 1) if in_process else 1)
    result = p.run()
    state = str(result.wait_until_finish())
    counters = counters_of(result)
    if result.state != PipelineState.DONE:
        return state, counters
    client = make_client(es)
    try:
        refresh(client, es.articles_alias)
    finally:
        client.close()
    return state, counters


def run_cycle(
    kafka: KafkaSettings,
    es: ElasticsearchSettings,
    settings: PipelineSettings,
    argv: Sequence[str] = (),
    after_write: Callable[[], None] | None = None,
    release_after: bool = True,
) -> CycleReport:
    """Plan, run window by window, then ``after_write`` (alert matching), then commit.

    Any failure, in the pipeline or in ``after_write``, leaves the offsets where they were, so
    the next cycle redoes the same range; every write on the way is idempotent. Memory is
    released between windows and, unless ``release_after`` is false (a caller that releases
    it later, off the alerts' path), at the end.
    """
    report = CycleReport(ranges=plan_ranges(kafka))
    if report.planned == 0:
        report.state = "NOTHING_TO_DO"
        return report
    report.counters = dict.fromkeys(COUNTERS, 0)
    bound_malloc_arenas()
    try:
        for number, window in enumerate(windows(report.ranges, max(1, settings.cycle_window))):
            if number:
                release_memory()
            report.state, counters = run_window(window, kafka, es, settings, argv)
            for name, value in counters.items():
                report.counters[name] = report.counters.get(name, 0) + value
            if report.state != PipelineState.DONE:
                raise RuntimeError(f"pipeline ended in state {report.state}")
        if after_write is not None:
            after_write()
        report.committed = commit_ranges(kafka, report.ranges)
    except Exception as exc:
        log.exception("processing cycle failed; offsets not committed")
        report.error = f"{type(exc).__name__}: {str(exc)[:2000]}"
    if release_after:
        release_memory()
    return report
