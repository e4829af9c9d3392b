"""The index the search-latency benchmark queries: real news pages, put through the pipeline.

2000 documents from the extraction benchmark's 181 real news and blog pages (each page
republished by several outlets: same text, its own URL, so story grouping has work to do),
plus the demo corpus's 77 pages (52 English conflict-news pages, the stories analysts' queries
are about, and 5 each in French, Spanish, Arabic, Russian and Ukrainian), plus the 443 real
published excerpts in the six languages of `tests/fixtures/tagger/real/<lang>.jsonl`, each as
a small page of its own under its outlet, so every language's fields hold real reporting.
Sources are the pages' own sites and publication dates are spread over the last 60 days,
so source, date and tag filters and facets select real subsets. Everything goes into the
raw topic as the feed readers would send it; `sitrep process` then extracts, tags, groups
and indexes it like any cycle.

The latency benchmark serves that index twice, side by side: as the pipeline writes it (each
article's title and text also in its own language's `title_<lang>` / `text_<lang>`, analysed
for that language) and with the article template as it was before those fields (template v1:
language-neutral `title` / `text` only, English stop words; :func:`english_only_template`).
Both are filled from the same pipeline output in one pass (:func:`copy_articles`), so they
hold the same articles, ids and story groups and differ only by the language fields.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml
from elasticsearch import Elasticsearch, helpers
from kafka import KafkaProducer
from workload import CORPUS, load_pages

from connectors.elasticsearch_indices import articles_template
from connectors.feeds.urls import canonical_url
from connectors.language_analysis import language_properties
from connectors.settings import ElasticsearchSettings

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "seeds" / "demo"
# The labelled sets only (`en.jsonl` ... `uk.jsonl`), not the extra dev pools beside them, so
# the corpus stays the same from run to run.
REAL_EXCERPTS = ROOT / "tests" / "fixtures" / "tagger" / "real"
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


def real_excerpt_rows() -> list[dict[str, Any]]:
    """The real excerpts in six languages (id, language, url, outlet, title, text), in file order."""
    return [json.loads(line) for path in sorted(REAL_EXCERPTS.glob("??.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def excerpt_page(row: dict[str, Any]) -> str:
    """An excerpt as the small article page its outlet would serve: headline, then paragraphs."""
    title = html.escape(row.get("title") or "")
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in row["text"].splitlines() if line.strip())
    return (f'<!DOCTYPE html><html lang="{row["language"]}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}"
            "</article></body></html>")


def excerpt_articles(now: datetime) -> Iterator[dict[str, Any]]:
    """The real excerpts under their own URLs and outlets, dates spread over the 60 days."""
    for n, row in enumerate(real_excerpt_rows()):
        published = now - timedelta(hours=(n * 5) % (SPREAD_DAYS * 24))
        yield _raw(row["url"], excerpt_page(row), row.get("title") or "", published)


def produce_corpus(kafka_options: dict[str, Any], topic: str, max_bytes: int, docs: int) -> int:
    """Send the whole corpus to ``topic``; returns how many articles were sent."""
    now = datetime.now(UTC)
    producer = KafkaProducer(**kafka_options, max_request_size=max_bytes, linger_ms=50)
    sent = 0
    try:
        for article in [*benchmark_articles(docs, now), *demo_articles(now), *excerpt_articles(now)]:
            producer.send(topic, key=article["id"].encode(), value=json.dumps(article).encode())
            sent += 1
        producer.flush()
    finally:
        producer.close()
    return sent


def english_only_template(settings: ElasticsearchSettings, analysis: dict[str, str] | None = None) -> dict:
    """The article template without the per-language fields: the layout before v2, whose
    language-neutral `title` / `text` analysis (standard tokens, lower case, English stop words)
    is unchanged since v1."""
    template = articles_template(settings, analysis or {})
    properties = template["template"]["mappings"]["properties"]
    for name in language_properties():
        properties.pop(name)
    return template


def create_english_only(client: Elasticsearch, alias: str) -> None:
    """A first index behind the write alias ``alias``, from :func:`english_only_template`."""
    template = english_only_template(ElasticsearchSettings(articles_alias=alias))
    client.indices.put_index_template(name=alias, **template)
    client.indices.create(index=f"{alias}-000001", aliases={alias: {"is_write_index": True}})


def copy_articles(client: Elasticsearch, source: str, targets: dict[str, bool]) -> None:
    """Every article of ``source`` into each target alias (True: with its language fields, False:
    without), interleaved in the same bulk requests so both indices grow alike."""
    dropped = frozenset(language_properties())

    def actions() -> Iterator[dict[str, Any]]:
        for hit in helpers.scan(client, index=source, size=500):
            whole = hit["_source"]
            for alias, keep in targets.items():
                doc = whole if keep else {k: v for k, v in whole.items() if k not in dropped}
                yield {"_index": alias, "_id": hit["_id"], "_source": doc}

    helpers.bulk(client, actions(), chunk_size=500)
    client.indices.refresh(index=",".join(targets))


def index_figures(client: Elasticsearch, alias: str) -> dict[str, Any]:
    """Documents, segments and store size of the indices behind ``alias``."""
    stats = client.indices.stats(index=alias)["_all"]["primaries"]
    return {"docs": stats["docs"]["count"], "segments": stats["segments"]["count"],
            "store_mb": round(stats["store"]["size_in_bytes"] / 2**20, 1)}
