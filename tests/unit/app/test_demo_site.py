"""The demo's outlets map request paths onto `seeds/demo/` and nothing outside it; its webhook
receiver keeps what it got."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from sitrep.demo.languages import non_english_alerts, result_line
from sitrep.demo.receivers import WebhookReceiver
from sitrep.demo.site import DemoSite, resolve

pytestmark = pytest.mark.unit
DEMO = Path(__file__).resolve().parents[3] / "seeds" / "demo"


def test_outlet_paths_map_to_feed_and_page_files():
    assert resolve(DEMO, "/wire/feeds/wire-world.xml") == DEMO / "feeds" / "wire-world.xml"
    page = resolve(DEMO, "/chronicle/pages/aleppo-bombardment-seed.html?utm_source=rss")
    assert page == DEMO / "pages" / "aleppo-bombardment-seed.html"
    assert resolve(DEMO, "/robots.txt") == DEMO / "robots.txt"


def test_the_outlets_in_other_languages_are_served_too():
    arabic = resolve(DEMO, "/mashriq/pages/lebanon-nabatieh-drone-strike-ar.html")
    assert arabic == DEMO / "pages" / "lebanon-nabatieh-drone-strike-ar.html"
    assert resolve(DEMO, "/kurier/feeds/kurier-novyny.atom") == DEMO / "feeds" / "kurier-novyny.atom"


@pytest.mark.parametrize("path", ["/nowhere/pages/aleppo-bombardment-seed.html", "/wire/pages/../feeds.yaml",
                                  "/wire/pages/.hidden", "/wire/pages/missing.html", "/", "/wire/other/x"])
def test_anything_else_is_not_found(path):
    assert resolve(DEMO, path) is None


def test_feeds_served_from_another_port_link_to_that_port():
    with DemoSite(DEMO, port=0) as site:
        feed = requests.get(f"{site.url}/wire/feeds/wire-world.xml", timeout=5)
        missing = requests.get(f"{site.url}/wire/pages/nope.html", timeout=5)
    assert feed.ok and feed.headers["Content-Type"].startswith("application/rss+xml")
    assert f"{site.url}/wire/pages/" in feed.text
    assert "127.0.0.1:8765" not in feed.text
    assert missing.status_code == 404


def test_webhook_receiver_keeps_each_alert_with_its_arrival_time_and_can_stay_quiet(capsys):
    with WebhookReceiver(port=0, echo=False) as receiver:
        before = time.time()
        requests.post(receiver.url, json={"title": "probe"}, timeout=5)
    assert receiver.received == [{"title": "probe"}]
    assert len(receiver.arrived_at) == 1 and before <= receiver.arrived_at[0] <= time.time()
    assert capsys.readouterr().out == ""


def test_the_demo_lists_results_by_language_and_only_alerts_from_articles_not_in_english():
    row = {"language": "ar", "title": "مقتل شخصين بغارة مسيّرة", "published": "2026-11-20T15:05:00Z"}
    assert result_line(row) == "  [ar] مقتل شخصين بغارة مسيّرة  (2026-11-20)"
    articles = [{"id": "a", "title": "Удар по Сумам", "language": "ru"},
                {"id": "b", "title": "Cluster bombs", "language": "en"}, {"id": "c", "title": "Frappe"}]
    lines = non_english_alerts([{"rule": "cluster-bombs", "articles": articles}], {"c": "fr"}.get)
    assert lines == ["  cluster-bombs        [ru] Удар по Сумам", "  cluster-bombs        [fr] Frappe"]
