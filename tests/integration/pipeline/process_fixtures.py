"""Data of the pipeline integration tests: raw articles built from fixture files."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

from pipelines.settings import PipelineSettings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pipeline"
BEAM_ARGS = ["--direct_running_mode=multi_processing", "--direct_num_workers=2"]
# Short retries keep the Elasticsearch-down test quick; the defaults are in PipelineSettings.
TEST_SETTINGS = PipelineSettings(bulk_attempts=3, bulk_backoff=0.2, read_chunk=50)


def article_id(url: str) -> str:
    """md5 of the canonical URL, as the feed readers make ids."""
    return hashlib.md5(url.encode("utf-8")).hexdigest()


def raw_article(url: str, **overrides: Any) -> dict[str, Any]:
    """A valid raw article for ``url`` with the seed article's page unless overridden."""
    raw = json.loads((FIXTURES / "raw-article.json").read_text(encoding="utf-8"))
    raw.update(id=article_id(url), url=url, canonical_url=url, html=seed_html())
    raw.update(overrides)
    return raw


def seed_html() -> str:
    """The reference article of DESIGN.md inside page boilerplate."""
    return (FIXTURES / "seed-article.html").read_text(encoding="utf-8")


def news_html() -> str:
    """A real news page (extraction benchmark)."""
    return gzip.decompress((FIXTURES / "pages" / "news-page.html.gz").read_bytes()).decode("utf-8")
