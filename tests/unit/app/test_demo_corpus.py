"""The demo corpus holds together: every page of `expected.yaml` is an entry of its outlet's
feed, in the language the feed's label and the page's own `<html lang>` declare, and the six
languages carry what `make run` shows (conflict reports, distractors, the alert stories, the
story told in English and in Arabic)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from sitrep.demo.site import OUTLETS

pytestmark = pytest.mark.unit
DEMO = Path(__file__).resolve().parents[3] / "seeds" / "demo"
EXPECTED = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))
PAGES = EXPECTED["pages"]
FEEDS = yaml.safe_load((DEMO / "feeds.yaml").read_text(encoding="utf-8"))["feeds"]
OTHER_LANGUAGES = ("fr", "es", "ar", "ru", "uk")


def language(name: str) -> str:
    """A page's language as expected.yaml gives it (the English pages leave it out)."""
    return PAGES[name].get("language", "en")


def feed_entries() -> dict[str, tuple[str, str]]:
    """Page file -> (outlet, feed language label), from the feeds the demo serves."""
    entries: dict[str, tuple[str, str]] = {}
    for feed in FEEDS:
        outlet, _, file = feed["url"].split("/", 3)[3].partition("/feeds/")
        text = (DEMO / "feeds" / file).read_text(encoding="utf-8")
        for page in set(re.findall(rf"/{outlet}/pages/([\w.-]+\.html)", text)):
            assert page not in entries, f"{page} is in two feeds"
            entries[page] = (outlet, feed["labels"]["language"])
    return entries


def test_every_expected_page_is_an_entry_of_its_outlets_feed():
    entries = feed_entries()
    assert set(entries) == set(PAGES)
    assert all(entries[name][0] == spec["outlet"] for name, spec in PAGES.items())
    assert {spec["outlet"] for spec in PAGES.values()} == OUTLETS


def test_each_page_is_in_the_language_its_feed_label_and_html_declare():
    entries = feed_entries()
    for name in PAGES:
        html_lang = re.search(r'<html lang="([a-z]{2})"', (DEMO / "pages" / name).read_text(encoding="utf-8"))
        assert (language(name), language(name)) == (entries[name][1], html_lang.group(1)), name


def test_each_other_language_has_conflict_reports_and_distractors():
    counts = Counter(language(name) for name in PAGES)
    assert counts["en"] == 52
    for code in OTHER_LANGUAGES:
        pages = [spec for name, spec in PAGES.items() if language(name) == code]
        assert 4 <= len(pages) <= 6, code
        reports = [spec for spec in pages if not spec["distractor"]]
        distractors = [spec for spec in pages if spec["distractor"]]
        assert all(spec["tags"] and spec["places"] for spec in reports), code
        assert distractors, code
        assert all(not spec["tags"] and spec["fatalities"] is None for spec in distractors), code


def test_the_shipped_alert_rules_have_a_non_english_report_to_fire_on():
    tagged = {tag: {language(name) for name, spec in PAGES.items() if tag in spec["tags"]}
              for tag in ("ceasefire_collapse", "cluster_munitions")}
    assert tagged["ceasefire_collapse"] & {"fr", "ar"}
    assert tagged["cluster_munitions"] & {"ru", "uk"}


def test_the_cross_language_story_is_one_incident_in_english_and_arabic():
    english, arabic = (PAGES[name] for name in EXPECTED["cross_language_story"])
    assert (english.get("language", "en"), arabic["language"]) == ("en", "ar")
    assert (english["country"], english["fatalities"]) == (arabic["country"], arabic["fatalities"])
    assert set(english["tags"]) == set(arabic["tags"])
    assert english["published"][:10] == arabic["published"][:10]
