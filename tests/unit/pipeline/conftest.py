"""Fixture data of the pipeline unit tests: raw articles built from files, one field changed."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pipeline"


def article_id(url: str) -> str:
    """Article ids are the md5 of the canonical URL, as the feed readers make them."""
    return hashlib.md5(url.encode("utf-8")).hexdigest()


@pytest.fixture
def seed_html() -> str:
    """The reference article of DESIGN.md inside page boilerplate."""
    return (FIXTURES / "seed-article.html").read_text(encoding="utf-8")


@pytest.fixture
def news_html() -> str:
    """A real news page from the extraction benchmark."""
    return gzip.decompress((FIXTURES / "pages" / "news-page.html.gz").read_bytes()).decode("utf-8")


@pytest.fixture
def make_raw() -> Callable[..., dict[str, Any]]:
    """A valid raw article; keyword arguments replace fields, ``url`` also sets the id."""

    def make(**overrides: Any) -> dict[str, Any]:
        raw = json.loads((FIXTURES / "raw-article.json").read_text(encoding="utf-8"))
        if "url" in overrides:
            overrides.setdefault("canonical_url", overrides["url"])
            overrides.setdefault("id", article_id(overrides["url"]))
        raw.update(overrides)
        return raw

    return make
