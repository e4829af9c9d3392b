"""Rendering and channels without a network: templates, signatures, labels, retries."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from connectors.notifiers import Notification, Notifier, NotifierError, notifier_for, sign
from connectors.notifiers.base import expand_env
from connectors.settings import AlertSettings
from pipelines.alerting.delivery import send_with_retries
from pipelines.alerting.render import render

pytestmark = pytest.mark.unit
ALERT = {
    "id": "a1",
    "rule": "cluster-bombs",
    "rule_type": "any",
    "key": "s1",
    "message": "m",
    "count": 1,
    "matched": ["cluster bombs"],
    "articles": [
        {
            "title": "Aleppo bombed",
            "source": "news.example",
            "published": "2016-09-23T10:00:00Z",
            "url": "https://news.example/a",
            "tags": ["cluster_munitions"],
            "fatalities": 20,
            "highlight": "fire after <mark>cluster bombs</mark> fell &amp; burned",
        }
    ],
}


class Flaky(Notifier):
    """A channel failing a set number of times before it delivers."""

    kind = "flaky-test"

    def send(self, notification: Notification) -> None:
        self.target["fails"] -= 1
        if self.target["fails"] >= 0:
            raise NotifierError("down")


def test_markdown_bolds_the_matched_phrase():
    assert "fire after **cluster bombs** fell & burned" in render([ALERT]).text


def test_html_marks_the_phrase_and_escapes_the_rest():
    assert "<mark>cluster bombs</mark> fell &amp; burned" in render([ALERT]).html


def test_title_names_rule_and_story():
    assert render([ALERT]).title == "[sitrep] cluster-bombs: Aleppo bombed"


def test_body_carries_source_published_tags_fatalities_and_link():
    text = render([ALERT]).text
    assert all(
        part in text
        for part in ("news.example", "2016-09-23", "cluster_munitions", "20", "https://news.example/a")
    )


def test_rule_template_overrides_title_and_body():
    note = render([ALERT], {"title": "${rule}!", "body": "${title} at ${link}"})
    assert (note.title, note.text) == ("cluster-bombs!", "Aleppo bombed at https://news.example/a")


def test_digest_title_counts_the_alerts():
    assert render([ALERT, {**ALERT, "id": "a2"}]).title == "[sitrep] cluster-bombs: 2 alerts"


def test_webhook_signature_is_hmac_sha256_of_the_body():
    assert sign(b"{}", "k") == "sha256=" + hmac.new(b"k", b"{}", hashlib.sha256).hexdigest()


def test_label_hides_url_path_and_credentials():
    notifier = notifier_for({"apprise": "slack://TokenA/TokenB/TokenC"}, AlertSettings())
    assert notifier.label == "apprise:slack://tokena"


def test_unknown_channel_is_an_error():
    with pytest.raises(NotifierError, match="no notifier"):
        notifier_for({"pager": "x"}, AlertSettings())


def test_env_references_expand_at_send_time(monkeypatch):
    monkeypatch.setenv("HOOK_URL", "http://127.0.0.1:1/x")
    assert expand_env("${HOOK_URL}") == "http://127.0.0.1:1/x"


def test_missing_env_reference_is_a_delivery_error(monkeypatch):
    monkeypatch.delenv("HOOK_URL_UNSET", raising=False)
    with pytest.raises(NotifierError, match="HOOK_URL_UNSET"):
        expand_env("${HOOK_URL_UNSET}")


def test_delivery_retries_until_success_and_records_each_attempt():
    notifier = Flaky({"flaky-test": "x", "fails": 2}, AlertSettings(retries=3))
    attempts = send_with_retries(notifier, render([ALERT]), notifier.settings, sleep=lambda _s: None)
    assert [a["ok"] for a in attempts] == [False, False, True]


def test_delivery_backoff_doubles():
    waits: list[float] = []
    notifier = Flaky({"flaky-test": "x", "fails": 9}, AlertSettings(retries=3, retry_backoff=0.5))
    send_with_retries(notifier, render([ALERT]), notifier.settings, sleep=waits.append)
    assert waits == [0.5, 1.0]


def test_notification_carries_the_original_title_and_its_language():
    article = {**ALERT["articles"][0], "title": "انهيار الهدنة في حلب", "language": "ar"}
    arabic = {**ALERT, "articles": [article]}
    note = render([arabic])
    assert note.title == "[sitrep] cluster-bombs: انهيار الهدنة في حلب"
    assert "انهيار الهدنة في حلب" in note.text and "Language: ar" in note.text
    assert '<h3 dir="auto" lang="ar">' in note.html and "Language: ar" in note.html
