"""The page metadata sitrep reads (title, authors, date) is trafilatura's own, step for step."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from trafilatura import extract_metadata
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html

from pipelines.page_text import page_metadata

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus" / "extraction-benchmark" / "html"
# Every 6th benchmark page: news sites of many kinds (JSON-LD, meta tags only, bylines in the body).
PAGES = sorted(CORPUS.glob("*.html.gz"))[::6]


@pytest.mark.parametrize("thorough_date", [False, True], ids=["quick-date", "thorough-date"])
def test_title_authors_and_date_equal_trafilaturas_extract_metadata(thorough_date: bool) -> None:
    differ, found = [], {"title": 0, "author": 0, "date": 0}
    for path in PAGES:
        html = gzip.decompress(path.read_bytes()).decode("utf-8")
        ours = page_metadata(load_html(html), None, thorough_date)
        theirs = extract_metadata(load_html(html), None, set_date_params(thorough_date))
        if (ours.title, ours.author, ours.date) != (theirs.title, theirs.author, theirs.date):
            differ.append((path.name, ours.title, theirs.title, ours.author, theirs.author))
        for field in found:
            found[field] += bool(getattr(ours, field))
    assert not differ
    # not a comparison of empty fields: most pages have a title and a date, many an author
    assert len(PAGES) >= 30 and found["title"] >= 25 and found["date"] >= 20 and found["author"] >= 10, found
