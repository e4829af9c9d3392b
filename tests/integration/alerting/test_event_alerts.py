"""Event rules on the real Elasticsearch: one notification per event, by webhook and e-mail.

Articles are written to the test's articles alias and linked into its events index by the
real linker, as a processing cycle does; then the cycle's alerting step runs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml
from alert_fixtures import fixture_article

from pipelines.alerting.cycle import run_alerts
from pipelines.events.relink import relink
from pipelines.events.reports import report_of

pytestmark = pytest.mark.integration
RULE = {
    "name": "deadly-events-sy", "type": "event",
    "filters": {"countries": ["SY"], "event_types": ["explosion_remote_violence"], "min_fatalities": 10},
    "toll_rises_to": [40, 100],
    "notify": [{"webhook": "${SITREP_ALERT_WEBHOOK_URL}"}, {"email": ["desk@example.org"]}],
}


def reports_of_aleppo(outlets: list[str], toll: int, hour: int) -> list[dict]:
    """The reference Aleppo article as reported by several outlets, stating one toll."""
    return [fixture_article("seed-article.json", id=f"aleppo-{outlet}", story_id=f"aleppo-{outlet}",
                            source=f"{outlet}.example", url=f"https://{outlet}.example/aleppo",
                            published=f"2016-09-23T{hour:02d}:00:00Z", fatalities=toll)
            for outlet in outlets]


@pytest.fixture
def cycle(es_client, alert_es, alert_settings, index_articles, tmp_path, seed_env):
    """One processing cycle at `now`: write and link the articles, then alerting (match + deliver)."""
    (tmp_path / "events.yaml").write_text(yaml.safe_dump(RULE))

    def run(articles: list[dict], now: datetime):
        index_articles(articles, indexed_at=now)
        relink(es_client, alert_es.events_index, [report_of(a) for a in articles])
        return run_alerts(es_client, alert_es, alert_settings, tmp_path, now - timedelta(minutes=1), now)

    return run


def test_one_event_from_many_outlets_notifies_once_and_a_rerun_changes_nothing(cycle, seed_env, smtp):
    now = datetime.now(UTC)
    first = reports_of_aleppo(["alpha", "beta", "gamma"], toll=20, hour=10)
    report = cycle(first, now)
    assert [a.key.split("/")[1] for a in report.alerts] == ["new"] and report.delivery.sent == 2
    [body] = seed_env.json_bodies()
    [alert] = body["alerts"]
    event = alert["event"]
    assert (event["location"]["name"], event["location"]["country"], event["event_date"]) == \
        ("Aleppo", "SY", "2016-09-23")
    assert (event["event_type"], event["fatalities"], event["report_count"]) == \
        ("explosion_remote_violence", 20, 3)
    assert sorted(a["url"] for a in alert["articles"]) == [f"https://{o}.example/aleppo"
                                                           for o in ("alpha", "beta", "gamma")]
    sink, _port = smtp
    [mail] = sink.messages
    assert "Aleppo" in mail["data"] and "https://gamma.example/aleppo" in mail["data"]

    rerun = cycle(first, now + timedelta(seconds=30))
    assert rerun.alerts == [] and len(seed_env.requests) == 1 and len(sink.messages) == 1


def test_a_rising_toll_notifies_once_per_threshold_with_its_history(cycle, seed_env):
    start = datetime.now(UTC)
    cycle(reports_of_aleppo(["alpha", "beta"], toll=20, hour=10), start)
    later = reports_of_aleppo(["gamma", "delta"], toll=45, hour=18)
    report = cycle(later, start + timedelta(minutes=10))
    assert [a.key.split("/")[1] for a in report.alerts] == ["toll>=40"]
    event = seed_env.json_bodies()[-1]["alerts"][0]["event"]
    assert (event["fatalities"], event["previous_fatalities"], event["report_count"]) == (45, 20, 4)
    assert [h["toll"] for h in event["fatalities_history"]] == [20, 20, 45, 45]

    again = cycle(later, start + timedelta(minutes=20))
    assert again.alerts == [] and len(seed_env.requests) == 2
