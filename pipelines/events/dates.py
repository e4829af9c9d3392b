"""The date an event happened, from the report's own time cues, relative to its publication.

Reports name the day in their own words ("on Tuesday", "overnight", "yesterday", "on 8 July",
"مساء أمس الأحد", "у понеділок, 8 липня"); the linker compares those days, not publication
times, so a follow-up published three days later still dates its event correctly. The cue
words per language are data (schemas/events/time-cues.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from schemas import load_yaml

CUES_FILE = "events/time-cues.yaml"
MAX_LOOKBACK_DAYS = 14  # an explicit date further back is background ("in April 2022"), not the event
_WORD = r"(?<![\w'ʼ]){}(?!\w)"  # "Saturday's" counts; "aujourd'hui" is a word of its own


@dataclass(frozen=True)
class LanguageCues:
    """One language's compiled cue patterns."""

    days: tuple[tuple[re.Pattern[str], int], ...]
    weekdays: tuple[tuple[re.Pattern[str], int], ...]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    month_of: dict[str, int]


def _alternation(forms: list[str]) -> str:
    """A regex alternation of the forms, longest first so "last night" beats "night"."""
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


@cache
def cues_for(language: str | None) -> LanguageCues | None:
    """The compiled cues of a language, None for a language without a block."""
    block = load_yaml(CUES_FILE)["languages"].get(language or "")
    if block is None:
        return None
    flags = re.IGNORECASE | re.UNICODE
    days = tuple(
        (re.compile(_WORD.format(re.escape(word)), flags), int(offset))
        for word, offset in block["days"].items()
    )
    weekdays = tuple(
        (re.compile(_WORD.format(_alternation(forms)), flags), index)
        for index, forms in enumerate(block["weekdays"])
    )
    month_of = {form.lower(): number for number, forms in enumerate(block["months"], 1) for form in forms}
    months = _alternation(list(month_of))
    day_month = re.compile(
        rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?({months})(?![\w])(?:\s+(?:de\s+)?(\d{{4}}))?",
        flags,
    )
    month_day = re.compile(rf"(?<![\w])({months})\.?\s+(\d{{1,2}})(?!\d)(?:,?\s+(\d{{4}}))?", flags)
    return LanguageCues(days, weekdays, day_month, month_day, month_of)


def _explicit(year: int | None, month: int, day: int, published: date) -> date | None:
    """A day-month (optionally with year) as the latest such date not after the publication."""
    try:
        if year is not None:
            return date(year, month, day)
        found = date(published.year, month, day)
        return found if found <= published + timedelta(days=1) else date(published.year - 1, month, day)
    except ValueError:
        return None


def cue_dates(text: str, language: str | None, published: date) -> list[date]:
    """Every date the text's time cues point to, relative to ``published``."""
    cues = cues_for(language)
    if cues is None or not text:
        return []
    found: list[date] = []
    for pattern, offset in cues.days:
        if pattern.search(text):
            found.append(published + timedelta(days=offset))
    for pattern, weekday in cues.weekdays:
        if pattern.search(text):
            found.append(published - timedelta(days=(published.weekday() - weekday) % 7))
    for match in cues.day_month.finditer(text):
        year = int(match.group(3)) if match.group(3) else None
        found.append(_explicit(year, cues.month_of[match.group(2).lower()], int(match.group(1)), published))
    for match in cues.month_day.finditer(text):
        year = int(match.group(3)) if match.group(3) else None
        found.append(_explicit(year, cues.month_of[match.group(1).lower()], int(match.group(2)), published))
    return [d for d in found if d is not None]


def event_date(passages: list[str], language: str | None, published: date) -> tuple[date, str]:
    """The event's day and its basis: the earliest recent cue in the passages, else publication.

    Earliest, because a report names its own day ("said on Monday") after the event's day
    ("the strike on Saturday"); cues more than MAX_LOOKBACK_DAYS back are background.
    """
    floor = published - timedelta(days=MAX_LOOKBACK_DAYS)
    dates = [d for text in passages for d in cue_dates(text, language, published)]
    recent = [d for d in dates if floor <= d <= published + timedelta(days=1)]
    if not recent:
        return published, "published"
    return min(recent), "text"
