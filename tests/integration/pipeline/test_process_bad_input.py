"""Bad input lands in sitrep.deadletter with a reason, and the cycle still finishes."""

from __future__ import annotations

import json

import pytest
from process_fixtures import raw_article

pytestmark = pytest.mark.integration
GOOD_URL = "https://good.example/article"


def bad_message(kind: str) -> bytes:
    """The raw bytes of one kind of bad message."""
    url = f"https://bad.example/{kind}"
    if kind == "not-json":
        return b"<html>this is a page, not a message</html>"
    if kind == "wrong-encoding":
        return json.dumps(raw_article(url, title="Déclaration à Alep"), ensure_ascii=False).encode("latin-1")
    if kind == "missing-fields":
        raw = raw_article(url)
        del raw["canonical_url"], raw["fetched_at"]
        return json.dumps(raw).encode()
    html = {
        "empty-html": "",
        "binary-garbage": bytes(range(256)).decode("latin-1") * 20,
        "five-megabyte-page": "<html><body><p>" + "word " * (1024 * 1024) + "</p></body></html>",
    }[kind]
    return json.dumps(raw_article(url, html=html, summary=None)).encode()


EXPECTED = {
    "not-json": ("decode", "not JSON"),
    "wrong-encoding": ("decode", "not UTF-8"),
    "missing-fields": ("validate", "'canonical_url' is a required property"),
    "empty-html": ("extract", "empty HTML"),
    "binary-garbage": ("extract", "binary content"),
    "five-megabyte-page": ("extract", "exceeds the"),
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_a_bad_message_is_dead_lettered_and_the_cycle_finishes(stage, kind: str) -> None:
    good = raw_article(GOOD_URL)
    stage.produce([bad_message(kind)], key=b"bad")
    stage.produce([good])
    report = stage.run()
    (letter,) = stage.topic(stage.kafka.deadletter_topic)
    stage_name, reason = EXPECTED[kind]
    assert report.ok, report.error
    assert letter["stage"] == stage_name and reason in letter["reason"]
    assert letter["offset"] is not None and letter["topic"] == stage.kafka.raw_topic
    assert set(stage.docs()) == {good["id"]}
