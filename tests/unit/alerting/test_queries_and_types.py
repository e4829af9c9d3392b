"""Rules as queries, and the rule types' decisions on given counts: no server needed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pipelines.alerting.alerts import ArticleMatch, alert_id, article_match, digest_time
from pipelines.alerting.queries import batch_search, rule_query, window_search
from pipelines.alerting.rule_types import rule_type
from pipelines.alerting.rules import Rule

pytestmark = pytest.mark.unit
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def rule(**spec) -> Rule:
    return Rule(name=spec.setdefault("name", "r"), file="r.yaml", spec={"notify": [], **spec})


def match(story: str, ident: str, **keys) -> ArticleMatch:
    return ArticleMatch(
        id=ident,
        title=ident,
        source="s",
        url="u",
        published=None,
        story_id=story,
        keys={k: list(v) for k, v in keys.items()},
    )


def test_phrases_tags_and_text_are_alternatives():
    query = rule_query(
        rule(query={"phrases": ["cluster bombs"], "tags": ["cluster_munitions"], "text": "a OR b"})
    )
    assert len(query["bool"]["should"]) == 3 and query["bool"]["minimum_should_match"] == 1


def test_phrases_search_title_and_text_as_phrases():
    clause = rule_query(rule(query={"phrases": ["truce broke down"]}))["bool"]["should"][0]
    assert clause == {
        "multi_match": {"query": "truce broke down", "type": "phrase", "fields": ["title", "text"]}
    }


def test_filters_must_all_hold():
    query = rule_query(rule(query={"tags": ["siege"]}, filters={"countries": ["SY"], "min_fatalities": 5}))
    assert query["bool"]["filter"] == [
        {"terms": {"countries": ["SY"]}},
        {"range": {"fatalities": {"gte": 5}}},
    ]


def test_batch_search_is_restricted_to_the_cycle():
    body = batch_search(rule(query={"tags": ["siege"]}), NOW, 50)
    assert body["query"]["bool"]["filter"] == [{"range": {"indexed_at": {"gte": "2024-05-01T12:00:00Z"}}}]


def test_batch_search_can_be_restricted_to_ids():
    body = batch_search(rule(query={"tags": ["siege"]}), NOW, 50, ids=["a", "b"])
    assert body["query"]["bool"]["filter"] == [{"ids": {"values": ["a", "b"]}}]


def test_spike_window_search_covers_history_plus_current_window():
    body = window_search(
        rule(type="spike", query={"tags": ["siege"]}, timeframe="1h", history_windows=3), NOW
    )
    assert len(body["aggs"]["windows"]["date_range"]["ranges"]) == 4


def test_any_rule_fires_once_per_story():
    found = rule_type(rule()).candidates(rule(), [match("s1", "a"), match("s1", "b"), match("s2", "c")], {})
    assert sorted((c.key, len(c.articles)) for c in found) == [("s1", 2), ("s2", 1)]


def test_frequency_fires_only_for_keys_at_the_threshold():
    r = rule(type="frequency", num_events=3, timeframe="1h", query_key="countries")
    found = rule_type(r).candidates(r, [match("s", "a", countries=["SY", "UA"])], {"SY": [3], "UA": [2]})
    assert [c.key for c in found] == ["SY"]


def test_spike_with_no_history_needs_min_count():
    r = rule(type="spike", spike_height=3, timeframe="1h", min_count=3)
    assert rule_type(r).candidates(r, [match("s", "a")], {None: [2, 0, 0]}) == []


def test_spike_fires_at_height_times_average():
    r = rule(type="spike", spike_height=3, timeframe="1h", min_count=1)
    assert len(rule_type(r).candidates(r, [match("s", "a")], {None: [6, 2, 2]})) == 1


def test_flatline_watches_named_sources_that_never_published():
    r = rule(
        type="flatline",
        threshold=1,
        timeframe="1h",
        query_key="source",
        filters={"sources": ["Quiet.Example"]},
    )
    assert [c.key for c in rule_type(r).candidates(r, [], {"busy": [4]})] == ["quiet.example"]


def test_alert_id_is_stable_within_the_realert_window():
    assert alert_id("r", "k", NOW, timedelta(days=1)) == alert_id(
        "r", "k", NOW + timedelta(minutes=5), timedelta(days=1)
    )


def test_alert_id_differs_per_key():
    assert alert_id("r", "a", NOW, timedelta(days=1)) != alert_id("r", "b", NOW, timedelta(days=1))


def test_digest_time_is_the_end_of_the_aggregation_window():
    assert digest_time(NOW + timedelta(minutes=10), timedelta(hours=1)) == NOW + timedelta(hours=1)


def test_adjacent_highlighted_words_make_one_matched_phrase():
    hit = {
        "_id": "x",
        "_source": {"id": "x"},
        "highlight": {"text": ["a street on fire after <mark>cluster</mark> <mark>bombs</mark> fell"]},
    }
    assert article_match(hit).matched == ["cluster bombs"]


def test_phrases_as_a_list_match_every_language_as_written():
    (clause,) = rule_query(rule(query={"phrases": ["cluster bombs"]}))["bool"]["should"]
    phrase = {"query": "cluster bombs", "type": "phrase", "fields": ["title", "text"]}
    assert clause == {"multi_match": phrase}


def test_phrases_per_language_match_only_that_language_on_its_analysed_fields():
    spec = {"phrases": {"fr": ["trêve rompue"], "ar": ["انهيار الهدنة", "خرق الهدنة"]}}
    clauses = rule_query(rule(query=spec))["bool"]["should"]
    assert len(clauses) == 3
    french = clauses[0]["bool"]
    assert french["filter"] == [{"term": {"language": "fr"}}]
    assert french["must"][0]["multi_match"] == {
        "query": "trêve rompue", "type": "phrase", "fields": ["title", "text", "title_fr", "text_fr"]}
    assert {c["bool"]["filter"][0]["term"]["language"] for c in clauses[1:]} == {"ar"}


def test_highlights_cover_the_language_fields_of_per_language_phrases():
    body = batch_search(rule(query={"phrases": {"ru": ["срыв перемирия"]}}), NOW, 10)
    assert set(body["highlight"]["fields"]) == {"title", "text", "title_ru", "text_ru"}
