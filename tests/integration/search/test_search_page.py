"""The search page in real headless Chromium (Debian's, driven by Playwright's Python package).

The first tests search the fixture articles; the last ones search the demo corpus in six
languages, as one real cycle (`sitrep poll`, `sitrep process`) indexed and linked it into events,
screenshot an Arabic and a Russian result (tests/artifacts/search-page-ar.png, search-page-ru.png)
and the events map on Natural Earth's country outlines (events-map.png, events-view.png).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from elasticsearch import Elasticsearch
from fastapi import FastAPI
from playwright.sync_api import Locator, Page, sync_playwright

from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import ensure_topics
from connectors.settings import ElasticsearchSettings, KafkaSettings
from sitrep.api.app import create_app
from sitrep.api.events_routes import events_router
from sitrep.api.settings import ApiSettings
from sitrep.demo.site import DemoSite
from tests.integration.search.conftest import SearchIndex
from tests.sitrep_env import cycle_env, isolated

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
    kafka, es = isolated(kafka_settings, unique_name), isolated(es_settings, unique_name)
    ensure_topics(kafka)
    ensure_indices(es_client, es)
    work = tmp_path_factory.mktemp("demo")
    with DemoSite(DEMO, port=0) as site:
        feeds = (DEMO / "feeds.yaml").read_text().replace("http://127.0.0.1:8765", site.url)
        (work / "feeds.yaml").write_text(feeds)
        env = cycle_env(kafka, es, work, work / "feeds.yaml")
        for stage in ("poll", "process"):
            done = subprocess.run([sys.executable, "-m", "sitrep.cli", stage], env=env, capture_output=True,
                                  text=True, timeout=600, check=False)
            assert done.returncode == 0, done.stderr[-3000:]
    es_client.indices.refresh(index=es.articles_alias)
    app = create_app(es, ApiSettings(api_keys=KEY), client=es_client, extra_routers=[events_router(es)])
    with served(app) as url:
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


def open_events_view(page: Page, base: str) -> list[dict[str, Any]]:
    """The demo's events view, every event listed and the map drawn; returns GET /events' events."""
    search_drone_strikes(page, base)
    page.click("#tab-events")
    page.locator("#events tbody tr").first.wait_for()
    page.locator("#map path.country").first.wait_for(state="attached")
    body = page.evaluate("""async (key) => (await (await fetch('/events?limit=100',
        { headers: { 'X-API-Key': key } })).json())""", KEY)
    assert body["total"] == body["count"], "the demo has more events than one page"
    return body["events"]


def mapped(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The events that have a map point, by id."""
    return {e["id"]: e for e in events if (e.get("location") or {}).get("geo")}


def test_demo_events_view_lists_each_event_once_with_its_counts(demo_url: str, page: Page) -> None:
    events = open_events_view(page, demo_url)
    rows = page.locator("#events tbody tr")
    assert rows.count() == len(events) >= 10
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.id)") == [e["id"] for e in events]
    header = page.locator("#events thead th").all_inner_texts()
    assert [h.lower() for h in header] == ["date", "type", "place", "country", "deaths", "reports", "outlets",
                                           "languages"]
    aleppo = page.locator("#events tbody tr", has_text="Aleppo").first.locator("td").all_inner_texts()
    assert aleppo[3] == "SY" and aleppo[4].split()[0] == "20"


def test_demo_event_click_opens_its_reports_each_linking_to_its_article(demo_url: str, page: Page) -> None:
    events = open_events_view(page, demo_url)
    event = max(events, key=lambda e: (e["report_count"], e["id"]))
    page.locator(f'#events tbody tr[data-id="{event["id"]}"]').click()
    reports = page.locator("#event-detail .reports li")
    reports.first.wait_for()
    assert reports.count() == event["report_count"] >= 2
    stored = page.evaluate("""async ([key, id]) => (await (await fetch('/events/' + id,
        { headers: { 'X-API-Key': key } })).json())""", [KEY, event["id"]])
    hrefs = reports.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert sorted(hrefs) == sorted(r["url"] for r in stored["reports"])
    assert all(href.startswith("http://127.0.0.1:") for href in hrefs)


def test_demo_map_draws_events_on_country_outlines_grouped_sized_and_coloured(demo_url: str,
                                                                             page: Page) -> None:
    placed = mapped(open_events_view(page, demo_url))
    countries = page.locator("#map path.country").evaluate_all("ps => ps.map(p => p.dataset.name)")
    assert len(countries) == 177 and {"Syria", "Ukraine", "Sudan", "Brazil"} <= set(countries)
    singles = page.locator("#map circle.event").evaluate_all(
        "cs => cs.map(c => [c.dataset.id, c.getAttribute('fill'), +c.getAttribute('r')])")
    grouped = sum(page.locator("#map g.cluster").evaluate_all("gs => gs.map(g => +g.dataset.count)"))
    assert grouped >= 2 and len(singles) + grouped == len(placed)  # every mapped event drawn once
    fills: dict[str, set[str]] = {}
    for event_id, fill, _ in singles:
        fills.setdefault(placed[event_id]["event_type"], set()).add(fill)
    assert all(len(f) == 1 for f in fills.values()) and len(set.union(*fills.values())) == len(fills) >= 2
    by_toll = sorted(singles, key=lambda s: placed[s[0]].get("fatalities") or 0)
    assert [r for _, _, r in by_toll] == sorted(r for _, _, r in by_toll) and by_toll[0][2] < by_toll[-1][2]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#event-map").screenshot(path=str(ARTIFACTS / "events-map.png"))


def test_demo_map_splits_a_group_on_click_names_places_on_hover_and_opens_reports(demo_url: str,
                                                                                 page: Page) -> None:
    placed = mapped(open_events_view(page, demo_url))
    clusters = page.locator("#map g.cluster")
    sizes = clusters.evaluate_all("gs => gs.map(g => +g.dataset.count)")
    clusters.nth(sizes.index(max(sizes))).click()
    page.wait_for_function("+document.querySelector('#map').dataset.zoom > 1")
    assert page.locator("#map g.cluster").count() + page.locator("#map circle.event").count() > len(sizes)
    page.click('.map-tools [data-zoom="reset"]')
    # A single marker that is on top where it is drawn: hovering names its place.
    event_id = page.evaluate("""() => [...document.querySelectorAll('#map circle.event')].map(c => {
        const r = c.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === c ? c.dataset.id : null;
      }).find(Boolean)""")
    marker = page.locator(f'#map circle.event[data-id="{event_id}"]')
    marker.hover()
    tip = page.locator(".map-tip")
    tip.wait_for()
    assert placed[event_id]["location"]["name"] in tip.inner_text()
    marker.click()
    page.locator(f'#event-detail[data-id="{event_id}"] .reports li a').first.wait_for()
    assert page.locator("#event-detail .reports li").count() == placed[event_id]["report_count"]
    assert page.locator(f'#events tbody tr.selected[data-id="{event_id}"]').count() == 1
    page.screenshot(path=str(ARTIFACTS / "events-view.png"))
