"""The search page in real headless Chromium (Debian's, driven by Playwright's Python package)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from sitrep.api.app import create_app
from sitrep.api.settings import ApiSettings
from tests.integration.search.conftest import SearchIndex

pytestmark = pytest.mark.integration
CHROMIUM = "/usr/bin/chromium"
KEY = "browser-key"
SCREENSHOT = Path(__file__).parents[2] / "artifacts" / "search-page.png"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def base_url(search_index: SearchIndex) -> Iterator[str]:
    """The API and page served by uvicorn on a free loopback port, in a thread."""
    app = create_app(search_index.settings, ApiSettings(api_keys=KEY), client=search_index.client)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    """A fresh Chromium profile; fails loudly if Chromium is not installed."""
    assert Path(CHROMIUM).exists(), "run deploy/local/install-browser.sh to install Chromium"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS)
        yield context.new_page()
        context.close()


def test_search_highlights_and_tag_facet_narrows(base_url: str, page: Page) -> None:
    page.goto(base_url + "/")
    page.fill("#api-key", KEY)
    page.fill("#q", "ceasefire collapse")
    page.press("#q", "Enter")
    first = page.locator("#results li.result").first
    first.wait_for()
    assert "Aleppo" in first.locator("h3").inner_text()
    marks = " ".join(first.locator("mark").all_inner_texts()).lower()
    assert "ceasefire collapses" in marks
    before = page.locator("#results li.result").count()
    page.locator('.facet[data-facet="tag"] button[data-value="cluster_munitions"]').click()
    page.wait_for_function(f"document.querySelectorAll('#results li.result').length < {before}")
    assert page.locator("#results li.result").count() == 1
    assert page.locator("#map circle").count() >= 1
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_page_without_key_shows_the_api_message(base_url: str, page: Page) -> None:
    page.goto(base_url + "/")
    page.fill("#q", "siege")
    page.press("#q", "Enter")
    page.locator("#error:not([hidden])").wait_for()
    assert "X-API-Key" in page.locator("#error").inner_text()
