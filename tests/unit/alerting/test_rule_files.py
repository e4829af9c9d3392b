"""Rule files: the seeds load, several rules share a file, bad files name file, line, rule, field."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from pipelines.alerting.rules import RuleError, load_rule_file, load_rules, parse_duration

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
INVALID = ROOT / "tests" / "fixtures" / "alerts" / "invalid"


def error_for(name: str) -> RuleError:
    with pytest.raises(RuleError) as caught:
        load_rule_file(INVALID / name)
    return caught.value


def test_seed_rules_include_ceasefire_collapse_and_cluster_bombs():
    names = {rule.name for rule in load_rules(ROOT / "seeds" / "rules")}
    assert {"ceasefire-collapse", "cluster-bombs"} <= names


def test_disabled_rules_load_only_on_request():
    every = load_rules(ROOT / "seeds" / "rules", include_disabled=True)
    assert {"frequency", "spike", "flatline", "event"} <= {rule.type for rule in every if not rule.enabled}


def test_one_file_may_hold_several_rules():
    rules = load_rule_file(ROOT / "seeds" / "rules" / "examples.yaml")
    assert len(rules) == 5


def test_missing_notify_names_the_rule():
    error = error_for("missing-notify.yaml")
    assert error.rule == "no-channels" and "'notify' is a required property" in str(error)


def test_unknown_tag_names_field_and_line():
    error = error_for("unknown-tag.yaml")
    assert (error.field, error.line) == ("query.tags[1]", 5) and "clusterbombs" in str(error)


def test_frequency_rule_needs_num_events():
    assert "'num_events' is a required property" in str(error_for("frequency-without-threshold.yaml"))


def test_bad_duration_names_the_field():
    error = error_for("bad-duration.yaml")
    assert error.field == "realert" and error.line == 4


def test_target_with_two_channels_is_refused():
    assert "exactly one of apprise, webhook or email" in str(error_for("two-channels-in-one-target.yaml"))


def test_misspelt_key_lists_the_allowed_keys():
    assert "allowed keys: event_types, fields, phrases" in str(error_for("misspelt-key.yaml"))


def test_error_message_starts_with_the_file():
    assert str(error_for("bad-duration.yaml")).startswith(str(INVALID / "bad-duration.yaml") + ", line 4")


def test_duplicate_rule_names_across_files_are_refused(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("name: twin\nquery: {phrases: [truce]}\nnotify: []\n")
    with pytest.raises(RuleError, match="duplicate rule name"):
        load_rules(tmp_path)


def test_invalid_yaml_reports_its_line(tmp_path):
    (tmp_path / "broken.yaml").write_text("name: x\nquery: [unclosed\n")
    with pytest.raises(RuleError, match="not valid YAML"):
        load_rules(tmp_path)


def test_durations_read_in_every_unit():
    assert [parse_duration(d) for d in ("90s", "15m", "6h", "7d", "2w")] == [
        timedelta(seconds=90),
        timedelta(minutes=15),
        timedelta(hours=6),
        timedelta(days=7),
        timedelta(weeks=2),
    ]


def test_rule_digest_changes_with_the_rule(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("name: r\nquery: {phrases: [truce]}\nnotify: []\n")
    before = load_rule_file(path)[0].digest
    path.write_text("name: r\nquery: {phrases: [truce, ceasefire]}\nnotify: []\n")
    assert load_rule_file(path)[0].digest != before


def test_seed_rules_give_phrases_in_all_six_languages():
    for rule in load_rules(ROOT / "seeds" / "rules"):
        if rule.name in ("ceasefire-collapse", "cluster-bombs"):
            assert set(rule.spec["query"]["phrases"]) == {"en", "fr", "es", "ar", "ru", "uk"}


def test_unknown_phrase_language_names_file_line_rule_and_language():
    error = error_for("unknown-phrase-language.yaml")
    assert (error.rule, error.field, error.line) == ("truce-watch", "query.phrases.de", 5)
    assert "unknown language 'de'; phrases may be given in ar, en, es, fr, ru, uk" in str(error)


def test_phrases_of_a_language_must_be_a_list():
    error = error_for("phrases-not-a-list.yaml")
    assert (error.rule, error.field) == ("truce-watch", "query.phrases")
    assert "mapping from language code to a list" in str(error)
