"""One polling pass over all feeds: fetch, normalise, fetch pages, produce, remember.

Ordering that loses nothing (at-least-once into Kafka, made exactly-once by the store):

1. an entry is skipped only if its id is already in the state store or was claimed by another
   feed earlier in this pass (the same article in two feeds is produced once);
2. new entries are sent to Kafka (acks=all);
3. after all feeds, the producer is flushed; only ids whose send was acknowledged are written
   to the store, and a feed's validators (ETag / Last-Modified) and schedule are saved only
   when every one of its sends was acknowledged.

A crash between 2 and 3 re-produces those articles next pass (the pipeline dedupes by id);
recording before the acknowledgement could lose them, which is worse.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kafka.errors import KafkaError
from kafka.producer.future import FutureRecordMetadata

from connectors.feeds.address_guard import Network, Resolver, system_resolver
from connectors.feeds.entries import article_from_entry
from connectors.feeds.feed_reader import FeedRead, read_feed
from connectors.feeds.feeds_file import FeedSpec
from connectors.feeds.http_client import HttpClient
from connectors.feeds.pages import PageResult, fetch_page, page_date
from connectors.feeds.producer import RawProducer
from connectors.feeds.robots import RobotsCache
from connectors.feeds.state_store import FeedState, StateStore
from connectors.feeds.summary import FeedSummary
from connectors.settings import FetchSettings, KafkaSettings

log = logging.getLogger(__name__)


@dataclass
class _Outcome:
    """A polled feed waiting for its sends to be acknowledged."""

    spec: FeedSpec
    summary: FeedSummary
    read: FeedRead | None = None
    sends: list[tuple[str, FutureRecordMetadata]] = field(default_factory=list)


class Poller:
    """Runs polling passes with one shared HTTP client, robots cache and producer."""

    def __init__(
        self,
        client: HttpClient,
        producer: RawProducer,
        store: StateStore,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.settings = client.settings
        self.producer = producer
        self.store = store
        self.clock = clock
        self.robots = RobotsCache(client, store, clock) if self.settings.respect_robots else None
        self._claimed: set[str] = set()
        self._claim_lock = threading.Lock()

    def poll(
        self,
        feeds: Sequence[FeedSpec],
        on_done: Callable[[FeedSummary], None] | None = None,
    ) -> list[FeedSummary]:
        """Poll every feed once, concurrently; return one summary per feed, in file order."""
        self._claimed.clear()
        workers = max(1, min(self.settings.concurrency, len(feeds)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="feed") as pool:
            futures = {i: pool.submit(self._poll_guarded, feeds[i], on_done) for i in host_interleaved(feeds)}
            outcomes = [futures[i].result() for i in range(len(feeds))]
        self.producer.flush()
        for outcome in outcomes:
            self._commit(outcome)
        return [outcome.summary for outcome in outcomes]

    def _poll_guarded(self, spec: FeedSpec, on_done: Callable[[FeedSummary], None] | None) -> _Outcome:
        """Poll one feed; a bug in one feed's handling becomes its error line, not a crash."""
        try:
            outcome = self._poll_feed(spec)
        except Exception as exc:
            log.debug("feed failed unexpectedly", exc_info=True, extra={"feed": spec.name})
            outcome = _Outcome(
                spec, FeedSummary(spec.name, spec.url, "error", error=f"internal error: {exc!r}")
            )
        if on_done is not None:
            on_done(outcome.summary)
        return outcome

    def _poll_feed(self, spec: FeedSpec) -> _Outcome:
        summary = FeedSummary(spec.name, spec.url, "ok")
        outcome = _Outcome(spec, summary)
        state = self.store.feed_state(spec.url)
        if not spec.enabled:
            summary.status = "disabled"
            return outcome
        if not _due(state, self.clock()):
            summary.status = "not_due"
            return outcome
        read = read_feed(self.client, spec, state)
        outcome.read = read
        summary.bozo = read.bozo
        if read.status == "error":
            summary.status, summary.error = "error", read.error
            return outcome
        if read.status == "not_modified":
            summary.status = "not_modified"
            return outcome
        fetched_at = datetime.fromtimestamp(self.clock(), UTC)
        for entry in read.entries:
            self._handle_entry(entry, outcome, fetched_at)
        return outcome

    def _handle_entry(self, entry: Any, outcome: _Outcome, fetched_at: datetime) -> None:
        """Turn one entry into a sent article, or count why not."""
        spec, summary, read = outcome.spec, outcome.summary, outcome.read
        assert read is not None
        try:
            article = article_from_entry(
                entry,
                feed_url=spec.url,
                feed_title=read.feed_title,
                base=read.base,
                labels=spec.labels,
                fetched_at=fetched_at,
            )
        except Exception as exc:
            log.debug("unusable entry", exc_info=True, extra={"feed": spec.name})
            article, summary.last_problem = None, f"entry could not be read: {exc!r}"
        if article is None:
            summary.unusable += 1
            return
        if self.store.seen(article["id"]) or not self._claim(article["id"]):
            summary.unchanged += 1
            return
        page = self._page(article["url"], spec.local)
        if page.fetch_error:
            summary.errors += 1
            summary.last_problem = page.fetch_error
        if article["published"] is None and page.html:
            article["published"] = page_date(page.html)
        article.update(
            http_status=page.http_status,
            content_type=page.content_type,
            html=page.html,
            fetch_error=page.fetch_error,
        )
        try:
            outcome.sends.append((article["id"], self.producer.send(article)))
        except KafkaError as exc:
            self._release(article["id"])
            summary.errors += 1
            summary.last_problem = f"Kafka refused article {article['id']}: {exc}"

    def _page(self, url: str, local: bool) -> PageResult:
        if not self.settings.fetch_articles:
            return PageResult()
        return fetch_page(self.client, self.robots, url, allow_local=local)

    def _claim(self, article_id: str) -> bool:
        with self._claim_lock:
            if article_id in self._claimed:
                return False
            self._claimed.add(article_id)
            return True

    def _release(self, article_id: str) -> None:
        with self._claim_lock:
            self._claimed.discard(article_id)

    def _commit(self, outcome: _Outcome) -> None:
        """After the flush: record acknowledged ids, then (if all were) the feed's validators."""
        acked, failed = [], 0
        for article_id, future in outcome.sends:
            if future.is_done and future.succeeded():
                acked.append((article_id, outcome.spec.url))
            else:
                failed += 1
                outcome.summary.last_problem = f"Kafka did not acknowledge {article_id}: {future.exception}"
        now = self.clock()
        self.store.mark_seen(acked, now)
        outcome.summary.new = len(acked)
        outcome.summary.errors += failed
        read = outcome.read
        if read is None or read.status == "error" or failed:
            return
        interval = max(outcome.spec.min_interval, read.ttl_seconds)
        self.store.save_feed_state(
            outcome.spec.url,
            FeedState(read.etag, read.last_modified, now, now + interval, read.skip_hours, read.skip_days),
        )


def host_interleaved(feeds: Sequence[FeedSpec]) -> list[int]:
    """Feed indices in the order to start them: one feed per host in turn, hosts by first mention.

    A worker waiting for a host's politeness slot holds its thread, so a file that lists each
    site's feeds together would have every worker queue behind one host while the others sit
    idle (measured: 25 feeds/min grouped vs 80 interleaved, 100 feeds on 25 hosts).
    """
    by_host: dict[str, list[int]] = defaultdict(list)
    for index, spec in enumerate(feeds):
        by_host[(urlsplit(spec.url).hostname or "").lower()].append(index)
    queues = list(by_host.values())
    return [queue[turn] for turn in range(max(map(len, queues), default=0)) for queue in queues
            if turn < len(queue)]


def _due(state: FeedState, now: float) -> bool:
    """False while the feed's minimum interval / ttl runs, or in its skipHours / skipDays."""
    if state.next_due is not None and now < state.next_due:
        return False
    moment = datetime.fromtimestamp(now, UTC)
    return moment.hour not in state.skip_hours and moment.strftime("%A") not in state.skip_days


def poll_pass(
    feeds: Sequence[FeedSpec],
    *,
    fetch: FetchSettings,
    kafka: KafkaSettings,
    state_dir: str | Path,
    topic: str | None = None,
    resolver: Resolver = system_resolver,
    trusted: Sequence[Network] = (),
    on_done: Callable[[FeedSummary], None] | None = None,
) -> list[FeedSummary]:
    """One complete pass under the poller lock: the entry point `sitrep poll` and tests share.

    Raises `PollerLocked` when another poller runs and kafka's errors when no broker answers.
    """
    store = StateStore(state_dir)
    try:
        with store.lock():
            client = HttpClient(fetch, resolver=resolver, trusted=trusted)
            producer = RawProducer(kafka, topic=topic)
            try:
                return Poller(client, producer, store).poll(feeds, on_done=on_done)
            finally:
                producer.close()
                client.close()
    finally:
        store.close()
