"""Phrase rules across languages: each language's phrases fire on its own articles, and the
notification carries the article's original title and language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alert_fixtures import SEED_RULES, fixture_article

from pipelines.alerting.cycle import run_alerts

pytestmark = pytest.mark.integration

STRATEGIC = {"event_types": ["strategic_development"], "tags": [], "countries": ["SY"]}


def _article(ident: str, language: str, title: str, text: str) -> dict:
    return fixture_article("unrelated-article.json", id=ident, story_id=ident, url=f"https://n.example/{ident}",
                           language=language, title=title, text=text, lead=text[:80], **STRATEGIC)


def _fired(es_client, alert_es, alert_settings, index_articles, articles) -> dict[str, list[str]]:
    start = datetime.now(UTC) - timedelta(seconds=1)
    index_articles(articles)
    report = run_alerts(es_client, alert_es, alert_settings, SEED_RULES, start, datetime.now(UTC))
    fired: dict[str, list[str]] = {}
    for alert in report.alerts:
        fired.setdefault(alert.rule, []).extend(alert.article_ids)
    return fired


def test_french_and_arabic_phrases_fire_on_their_own_articles(es_client, alert_es, alert_settings, seed_env,
                                                              index_articles):
    articles = [
        _article("fr-1", "fr", "Syrie : la trêve rompue à Alep",
                 "À Alep, la trêve rompue samedi a laissé place aux combats."),
        _article("ar-1", "ar", "انهيار الهدنة في حلب",
                 "أعلن ناشطون انهيار الهدنة في حلب صباح السبت بعد قصف عنيف."),
        _article("ru-1", "ru", "Кассетные боеприпасы над Алеппо",
                 "Свидетели сообщили, что кассетные боеприпасы упали на рынок."),
    ]
    fired = _fired(es_client, alert_es, alert_settings, index_articles, articles)
    assert sorted(fired["ceasefire-collapse"]) == ["ar-1", "fr-1"]
    assert fired["cluster-bombs"] == ["ru-1"]


def test_a_language_s_phrases_do_not_fire_on_another_language(es_client, alert_es, alert_settings, seed_env,
                                                               index_articles):
    # French words quoted in a Spanish article: the French list is for French articles only
    text = "El diario francés tituló «trêve rompue», pero la tregua sigue vigente en Alepo."
    spanish = _article("es-1", "es", "Alepo", text)
    fired = _fired(es_client, alert_es, alert_settings, index_articles, [spanish])
    assert "ceasefire-collapse" not in fired


def test_the_notification_carries_the_original_title_and_language(es_client, alert_es, alert_settings,
                                                                  seed_env, index_articles):
    _fired(es_client, alert_es, alert_settings, index_articles,
           [_article("ar-2", "ar", "انهيار الهدنة في حلب", "أعلن ناشطون انهيار الهدنة في حلب صباح السبت.")])
    (body,) = [b for b in seed_env.json_bodies() if b["alerts"][0]["rule"] == "ceasefire-collapse"]
    assert "انهيار الهدنة في حلب" in body["title"] and "Language: ar" in body["text"]
    assert body["alerts"][0]["articles"][0]["language"] == "ar"
