"""The event day from a report's own time cues, in each language the tagger reads."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.events.dates import event_date

pytestmark = pytest.mark.unit

WEDNESDAY = date(2024, 7, 10)

CASES = [
    ("en", "A missile struck the city on Monday, officials said.", date(2024, 7, 8)),
    ("en", "Drones attacked the port overnight.", WEDNESDAY),
    ("en", "The strike yesterday killed five.", date(2024, 7, 9)),
    ("en", "Russia attacked Kryvyi Rih on July 8, the governor said on July 10.", date(2024, 7, 8)),
    ("en", "The attack took place on Saturday, 6 July.", date(2024, 7, 6)),
    ("fr", "Une frappe a tué dix personnes mardi dans la ville.", date(2024, 7, 9)),
    ("fr", "Au moins 52 personnes ont été tuées vendredi 5 juillet.", date(2024, 7, 5)),
    ("es", "Un bombardeo causó 32 muertos ayer en el centro.", date(2024, 7, 9)),
    ("ar", "شهدت المنطقة مساء أمس الثلاثاء غارة جوية", date(2024, 7, 9)),
    ("ar", "استأنف الجيش قصفه فجر اليوم الأربعاء", WEDNESDAY),
    ("ru", "Во вторник ракета попала в вокзал.", date(2024, 7, 9)),
    ("uk", "Росіяни у понеділок, 8 липня, завдали ракетного удару.", date(2024, 7, 8)),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_the_time_cue_dates_the_event(language: str, text: str, expected: date) -> None:
    assert event_date([text], language, WEDNESDAY) == (expected, "text")


def test_without_a_cue_the_event_is_dated_by_publication() -> None:
    assert event_date(["Shelling hit the town, killing three."], "en", WEDNESDAY) == (WEDNESDAY, "published")


def test_a_date_long_before_publication_is_background_not_the_event() -> None:
    text = "The station, hit on 8 April 2022, reopened."
    assert event_date([text], "en", WEDNESDAY) == (WEDNESDAY, "published")


def test_the_earliest_cue_wins_over_the_day_it_was_said() -> None:
    text = "The toll rose to 40, an official said on Monday. The building was hit on Saturday."
    assert event_date([text], "en", date(2023, 1, 16)) == (date(2023, 1, 14), "text")


def test_may_as_a_verb_is_not_a_month() -> None:
    assert event_date(["The toll may rise to 12 as rescuers dig."], "en", WEDNESDAY)[1] == "published"


def test_a_language_without_cues_dates_by_publication() -> None:
    assert event_date(["Am Dienstag schlug eine Rakete ein."], "de", WEDNESDAY) == (WEDNESDAY, "published")
