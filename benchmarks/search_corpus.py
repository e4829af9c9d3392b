"""The index the search-latency benchmark queries: real news pages, put through the pipeline.

2000 documents from the extraction benchmark's 181 real news and blog pages (each page
republished by several outlets: same text, its own URL, so story grouping has work to do),
plus the demo corpus's 52 conflict-news pages (the stories analysts' queries are about).
Sources are the pages' own sites and publication dates are spread over the last 60 days,
so source, date and tag filters and facets select real subsets. Everything goes into the
raw topic as the feed readers would send it; `sitrep process` then extracts, tags, groups
and indexes it like any cycle.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml
from kafka import KafkaProducer
from workload import CORPUS, load_pages

from connectors.feeds.urls import canonical_url

DEMO = Path(__file__).resolve().parents[1] / "seeds" / "demo"
SPREAD_DAYS = 60


def _raw(url: str, html: str, title: str, published: datetime) -> dict[str, Any]:
    """A raw article as `sitrep poll` sends it (feed title and summary left to the page)."""
    canonical = canonical_url(url)
    host = urlsplit(canonical).hostname or "unknown"
    return {
        "schema_version": 1,
        "id": hashlib.md5(canonical.encode()).hexdigest(),
        "url": url,
        "canonical_url": canonical,
        "feed_url": f"https://{host}/rss",
        "source": host.removeprefix("www."),
        "title": title,
        "summary": None,
        "published": published.isoformat(timespec="seconds"),
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "html": html,
    }


def benchmark_articles(count: int, now: datetime) -> Iterator[dict[str, Any]]:
    """``count`` copies of the extraction pages under their real sites, dates spread out."""
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    pages = load_pages()
    names = sorted(pages)
    for n in range(count):
        name = names[n % len(names)]
        base = urlsplit(truth.get(name, {}).get("url") or f"https://news.example/{name}")
        # Each copy its own URL: an edition parameter (a fragment would be dropped as canonical).
        query = "&".join(filter(None, [base.query, f"edition={n // len(names)}"]))
        url = urlunsplit(base._replace(query=query, fragment=""))
        yield _raw(url, pages[name], "", now - timedelta(hours=(n * 7) % (SPREAD_DAYS * 24)))


def demo_articles(now: datetime) -> Iterator[dict[str, Any]]:
    """The demo corpus's pages under their outlets, dated within the last week."""
    expected = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))["pages"]
    for n, (name, spec) in enumerate(sorted(expected.items())):
        html = (DEMO / "pages" / name).read_text(encoding="utf-8")
        url = f"https://{spec['outlet']}.example/pages/{name}"
        yield _raw(url, html, spec["title"], now - timedelta(hours=(n * 3) % (7 * 24)))


def produce_corpus(kafka_options: dict[str, Any], topic: str, max_bytes: int, docs: int) -> int:
    """Send the whole corpus to ``topic``; returns how many articles were sent."""
    now = datetime.now(UTC)
    producer = KafkaProducer(**kafka_options, max_request_size=max_bytes, linger_ms=50)
    sent = 0
    try:
        for article in [*benchmark_articles(docs, now), *demo_articles(now)]:
            producer.send(topic, key=article["id"].encode(), value=json.dumps(article).encode())
            sent += 1
        producer.flush()
    finally:
        producer.close()
    return sent
