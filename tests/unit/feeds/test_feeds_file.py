"""Loading and validating the feeds file; errors name the file, feed and field."""

from pathlib import Path

import pytest

from connectors.feeds.feeds_file import FeedsFileError, load_feeds
from schemas.durations import parse_duration

pytestmark = pytest.mark.unit
FILES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds" / "feeds-files"
SEEDS = Path(__file__).resolve().parents[3] / "seeds" / "feeds.yaml"


def test_feeds_inherit_defaults():
    wire = load_feeds(FILES / "valid.yaml")[0]
    assert (wire.min_interval, wire.labels) == (900.0, {"language": "en", "region": "mena"})


def test_feed_without_name_is_named_by_its_url():
    assert load_feeds(FILES / "valid.yaml")[1].name == "https://other.example/atom"


def test_feed_settings_override_defaults():
    other = load_feeds(FILES / "valid.yaml")[1]
    assert (other.min_interval, other.enabled) == (90.0, False)


def test_local_flag_is_read():
    assert [f.local for f in load_feeds(FILES / "valid.yaml")] == [False, False, True]


def test_example_feeds_file_is_valid():
    assert {f.name for f in load_feeds(SEEDS)} >= {"frontline-world", "frontline-africa"}


def test_error_names_file_line_feed_and_field():
    with pytest.raises(FeedsFileError) as error:
        load_feeds(FILES / "bad-interval.yaml")
    message = str(error.value)
    assert all(
        part in message for part in ("bad-interval.yaml", "line 4", "feed 'wire'", "field 'min_interval'")
    )


def test_unknown_field_is_reported_for_an_unnamed_feed_by_position():
    with pytest.raises(FeedsFileError, match=r"feed #2: .*'frequency' was unexpected"):
        load_feeds(FILES / "unknown-field.yaml")


def test_non_web_scheme_is_rejected():
    with pytest.raises(FeedsFileError, match=r"feed 'gopher-feed', field 'url'"):
        load_feeds(FILES / "bad-scheme.yaml")


def test_unusable_feed_url_names_file_line_feed_and_field():
    expected = r"bad-host\.yaml, line 4, feed 'garbled', field 'url': .*forbidden"
    with pytest.raises(FeedsFileError, match=expected):
        load_feeds(FILES / "bad-host.yaml")


def test_duplicate_names_are_rejected():
    with pytest.raises(FeedsFileError, match="used by two feeds"):
        load_feeds(FILES / "duplicate-names.yaml")


def test_file_feed_must_be_local():
    with pytest.raises(FeedsFileError, match="must be marked local"):
        load_feeds(FILES / "file-not-local.yaml")


def test_broken_yaml_names_the_file():
    with pytest.raises(FeedsFileError, match=r"broken\.yaml: not valid YAML"):
        load_feeds(FILES / "broken.yaml")


def test_missing_file_names_the_file():
    with pytest.raises(FeedsFileError, match=r"nowhere\.yaml"):
        load_feeds(FILES / "nowhere.yaml")


@pytest.mark.parametrize(
    ("text", "seconds"), [(45, 45.0), ("90s", 90.0), ("15m", 900.0), ("2h", 7200.0), ("1d", 86400.0)]
)
def test_durations_are_seconds_or_suffixed(text, seconds):
    assert parse_duration(text).total_seconds() == seconds
