"""The search page in real headless Chromium (Debian's, driven by Playwright's Python package).

The first tests search the fixture articles; the last ones search the demo corpus in six
languages, as one real cycle (`sitrep poll`, `sitrep process`) indexed it, and screenshot an
Arabic and a Russian result (tests/artifacts/search-page-ar.png, search-page-ru.png).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
import uvicorn
from elasticsearch import Elasticsearch
from fastapi import FastAPI
from playwright.sync_api import Locator, Page, sync_playwright

from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import ensure_topics
from connectors.settings import ElasticsearchSettings, KafkaSettings
from sitrep.api.app import create_app
from sitrep.api.settings import ApiSettings
from sitrep.demo.site import DemoSite
from tests.integration.search.conftest import SearchIndex

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "seeds" / "demo"
CHROMIUM = "/usr/bin/chromium"
KEY = "browser-key"
ARTIFACTS = Path(__file__).parents[2] / "artifacts"
SCREENSHOT = ARTIFACTS / "search-page.png"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The API and page served by uvicorn on a free loopback port, in a thread."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(search_index: SearchIndex) -> Iterator[str]:
    """The page over the fixture articles."""
    app = create_app(search_index.settings, ApiSettings(api_keys=KEY), client=search_index.client)
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def demo_url(kafka_settings: KafkaSettings, es_settings: ElasticsearchSettings, es_client: Elasticsearch,
             unique_name: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The page over the demo corpus (77 articles, six languages), indexed by one real cycle
    into this module's own topics and alias."""
    kafka = replace(kafka_settings, raw_topic=unique_name("raw"), enriched_topic=unique_name("enriched"),
                    deadletter_topic=unique_name("deadletter"), consumer_group=unique_name("group"))
    es = replace(es_settings, articles_alias=unique_name("articles"), rules_index=unique_name("rules"),
                 alerts_index=unique_name("alerts"), events_index=unique_name("events"))
    ensure_topics(kafka)
    ensure_indices(es_client, es)
    work = tmp_path_factory.mktemp("demo")
    with DemoSite(DEMO, port=0) as site:
        feeds = (DEMO / "feeds.yaml").read_text().replace("http://127.0.0.1:8765", site.url)
        (work / "feeds.yaml").write_text(feeds)
        env = dict(os.environ, SITREP_KAFKA_RAW_TOPIC=kafka.raw_topic,
                   SITREP_KAFKA_ENRICHED_TOPIC=kafka.enriched_topic,
                   SITREP_KAFKA_DEADLETTER_TOPIC=kafka.deadletter_topic,
                   SITREP_KAFKA_CONSUMER_GROUP=kafka.consumer_group,
                   SITREP_ELASTICSEARCH_ARTICLES_ALIAS=es.articles_alias,
                   SITREP_ELASTICSEARCH_RULES_INDEX=es.rules_index,
                   SITREP_ELASTICSEARCH_ALERTS_INDEX=es.alerts_index,
                   SITREP_ELASTICSEARCH_EVENTS_INDEX=es.events_index,
                   SITREP_STATE_DIR=str(work / "state"), SITREP_FEEDS_FILE=str(work / "feeds.yaml"),
                   SITREP_RULES_DIR=str(ROOT / "seeds" / "rules"), SITREP_FETCH_PER_HOST_DELAY="0")
        for stage in ("poll", "process"):
            done = subprocess.run([sys.executable, "-m", "sitrep.cli", stage], env=env, capture_output=True,
                                  text=True, timeout=600, check=False)
            assert done.returncode == 0, done.stderr[-3000:]
    es_client.indices.refresh(index=es.articles_alias)
    with served(create_app(es, ApiSettings(api_keys=KEY), client=es_client)) as url:
        yield url


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


def script_fonts(language: str) -> set[str]:
    """Font families fontconfig (and so Chromium) has for a language's script."""
    listed = subprocess.run(["fc-list", f":lang={language}", "family"], capture_output=True, text=True,
                            check=True).stdout
    return {family.strip() for line in listed.splitlines() for family in line.split(",") if family.strip()}


def fonts_rendering(page: Page, selector: str) -> set[str]:
    """The platform fonts Chromium drew the text of ``selector`` with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"] for font in fonts if font["glyphCount"] > 0}


def search_drone_strikes(page: Page, base: str) -> None:
    """Search the demo for drone strikes, which outlets in every language reported."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base + "/")
    page.fill("#api-key", KEY)
    page.fill("#q", "tag:drone_strike")
    page.press("#q", "Enter")
    page.locator("#results li.result").first.wait_for()


def first_result_in(page: Page, base: str, language: str) -> Locator:
    """The first drone-strike result once the language facet keeps only ``language``."""
    search_drone_strikes(page, base)
    facet = page.locator(f'.facet[data-facet="lang"] button[data-value="{language}"]')
    facet.click()
    page.wait_for_function(
        "lang => [...document.querySelectorAll('#results li.result')].every(li => li.dataset.lang === lang)",
        arg=language)
    return page.locator("#results li.result").first


def test_demo_search_has_a_language_facet_and_each_result_names_its_language(demo_url: str,
                                                                            page: Page) -> None:
    search_drone_strikes(page, demo_url)
    buttons = page.locator('.facet[data-facet="lang"] button')
    values = buttons.evaluate_all("buttons => buttons.map(b => b.dataset.value)")
    assert {"en", "fr", "es", "ar", "ru", "uk"} <= set(values)
    assert "العربية" in page.locator('.facet[data-facet="lang"] button[data-value="ar"]').inner_text()
    rows = page.locator("#results li.result")
    assert rows.count() == page.locator("#results li.result .meta .lang").count()


def test_demo_arabic_result_reads_right_to_left_in_an_arabic_font(demo_url: str, page: Page) -> None:
    result = first_result_in(page, demo_url, "ar")
    title = result.locator("h3")
    assert title.get_attribute("dir") == "auto" and title.get_attribute("lang") == "ar"
    assert title.evaluate("h => getComputedStyle(h).direction") == "rtl"
    assert result.locator("p.snippet").first.evaluate("p => getComputedStyle(p).direction") == "rtl"
    assert any("\u0600" <= ch <= "\u06ff" for ch in title.inner_text())
    assert result.locator(".meta .lang").inner_text().lower() == "ar"
    assert fonts_rendering(page, '#results li.result[data-lang="ar"] h3 a') & script_fonts("ar")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result.screenshot(path=str(ARTIFACTS / "search-page-ar.png"))


def test_demo_russian_result_reads_left_to_right_in_a_cyrillic_font(demo_url: str, page: Page) -> None:
    result = first_result_in(page, demo_url, "ru")
    title = result.locator("h3")
    assert title.get_attribute("lang") == "ru"
    assert title.evaluate("h => getComputedStyle(h).direction") == "ltr"
    assert any("\u0400" <= ch <= "\u04ff" for ch in title.inner_text())
    assert result.locator(".meta .lang").inner_text().lower() == "ru"
    assert fonts_rendering(page, '#results li.result[data-lang="ru"] h3 a') & script_fonts("ru")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result.screenshot(path=str(ARTIFACTS / "search-page-ru.png"))
