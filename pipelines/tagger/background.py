"""Background sentences: history and statistics that date the news, not the news itself.

Full-length articles follow the lead with context paragraphs: an earlier truce ("a ceasefire
agreed in January collapsed in March"), a past attack and its toll ("In January 2023, a
missile hit an apartment block, killing 46 people"), cumulative figures ("12 million people
have been displaced since the war began"). A sentence is background when it carries a
past-time cue (taxonomy `background.past_cues`, or a year after a preposition or month:
"in 2023", "since October 2023", "on October 7, 2023") and no present-time cue
(`background.present_cues`: a weekday, "today", "overnight") that would tie it to the event
being reported. A cue dates what follows it in the sentence and what precedes it in its own
clause (`TimeFrame.dates_back`); firings and death counts it dates do not count. Headlines
are never background. Past the lead, habitual and repeated action ("has carried out hundreds
of strikes", "repeatedly", "in recent months": `background.late_cues`) is background too.

The cue phrases and the years 1900-2099 ride on the tagger's one Aho-Corasick pass (kinds
`time_past`, `time_present`, `time_habitual`, `time_year`), so judging a sentence is a few
dictionary look-ups; a short regex checks only the words before each year found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipelines.tagger.lexicon import Hit, PhraseMatcher, expand_all

PAST, PRESENT, CUMULATIVE, HABITUAL = "time_past", "time_present", "cumulative", "time_habitual"
HISTORIC, YEAR, WEEKDAY = "time_historic", "time_year", "weekday"
_MODERN = 2000  # a dated year before this is history, whatever day the news itself is dated
_YEARS = [str(year) for year in range(1900, 2100)]  # found by the phrase matcher, like words

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# what makes a year a point in the past: "in 2023", "since October 2023", "October 7, 2023";
# "the 2022 deal" and "a 2021 ceasefire agreement" are not (they name, not date)
_DATING = re.compile(
    rf"(?:\b(?:in|since|of|from|until|by|during|before|throughout|late|early|"
    rf"mid|{_MONTHS})(?: \d{{1,2}})?,? )$"
)
_DATING_REACH = 20  # characters before a year that can hold its preposition or month
_NUMBER_MARKS = frozenset(",.")  # "1,2023" and "3.2023" are not years
_CLAUSE_MARKS = (",", ";", ":")  # what ends a clause a cue reaches back into
_SPAN = "span"  # the label of a stretch of days ("since Monday"): no one day's
_PAST_KINDS = (PAST, CUMULATIVE)
_LATE_KINDS = (PAST, CUMULATIVE, HABITUAL)
# a superlative a few words before "since": "the deadliest attack since 2019"
_COMPARISON = re.compile(
    r"\b(?:deadliest|bloodiest|heaviest|worst|biggest|largest|fiercest|"
    r"most|first|highest|strongest|latest)(?: [\w']+){0,7},? $"
)
_COMPARISON_REACH = 80  # characters before a cue that can hold its superlative


class TimeFrame:
    """Tells background sentences from sentences about the reported event."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.past = expand_all(config.get("past_cues"))
        self.present = expand_all(config.get("present_cues"))
        self.habitual = expand_all(config.get("late_cues"))
        self.historic = expand_all(config.get("historic_cues"))
        # one entry per day of the week (its phrases), Monday first: a hit's label is its day
        self.weekdays = [expand_all(day) for day in config.get("weekdays") or ()]
        self.day_spans = expand_all(config.get("day_spans"))  # "since Monday": any day's

    def register(self, lower: PhraseMatcher) -> None:
        """Add the time cues and the years to the lowercase matcher."""
        lower.add(self.past, PAST)
        lower.add(self.present, PRESENT)
        lower.add(self.habitual, HABITUAL)
        lower.add(self.historic, HISTORIC)
        lower.add(_YEARS, YEAR)
        for day, phrases in enumerate(self.weekdays):
            lower.add(phrases, WEEKDAY, str(day))
        lower.add(self.day_spans, WEEKDAY, _SPAN)

    @staticmethod
    def cues(text: str, kinds: dict[str, list[Hit]], late: bool) -> list[int]:
        """Offsets of a sentence's past-time cues; none when it names the event's own time.

        `text` is the normalised article; `kinds` the sentence's matcher hits. `late`: the
        sentence is past the lead, where habits and tallies ("has carried out hundreds of
        strikes", "repeatedly") are context; in the lead they frame the news.
        """
        found = [hit.start for hit in kinds.get(HISTORIC, ())]
        if PRESENT in kinds:  # the event's own day: only history still dates the sentence
            found.extend(
                hit.start
                for hit in kinds.get(YEAR, ())
                if int(text[hit.start : hit.end]) < _MODERN and _dated(text, hit.start)
            )
            return found
        found.extend(hit.start for hit in kinds.get(YEAR, ()) if _dated(text, hit.start))
        for kind in _LATE_KINDS if late else _PAST_KINDS:
            found.extend(hit.start for hit in kinds.get(kind, ()))
        return found

    @staticmethod
    def dates_back(text: str, cues: list[int], start: int, end: int) -> bool:
        """True when a cue sets the phrase at [start, end) in the past.

        A cue reaches forward over the rest of its sentence ("In January 2023, a missile hit
        an apartment block, killing 46 people") and backward within its clause ("12 million
        have been displaced since the war began"), not across a comma into the news ("killed
        18 people at a market, where Boko Haram has waged an insurgency since 2009"). A
        comparison is no cue: "the deadliest attack since 2019" reports the attack.
        """
        for cue in cues:
            if _compared(text, cue):
                continue
            if cue < start:
                return True
            if not any(mark in text[end:cue] for mark in _CLAUSE_MARKS):
                return True
        return False

    @staticmethod
    def reach_start(text: str, cues: list[int], start: int, end: int) -> int:
        """Where the earliest cue's reach begins in the sentence at [start, end): the start of
        its clause (`dates_back`), or `end` when no cue dates anything. What comes before is
        the news: "12 were killed on Tuesday, bringing the toll since the war began to 40,000"
        keeps its 12 and loses the war's tally."""
        first = end
        for cue in cues:
            if start <= cue < end and not _compared(text, cue):
                clause = max(text.rfind(mark, start, cue) for mark in _CLAUSE_MARKS) + 1
                first = min(first, max(clause, start))
        return first

    @staticmethod
    def other_days(kinds: Sequence[dict[str, list[Hit]]], lead: int) -> set[int]:
        """Sentences that report another day than the news: they name a day of the week and
        none of the days named by the first sentence to name one (within the `lead` first
        sentences), the event's. "Russian strikes overnight killed five people ... Crews
        worked on Monday morning ... a week after an attack last Tuesday killed 28": the 28
        are an earlier day's toll, stated alongside today's."""
        days: set[str] = set()
        other: set[int] = set()
        for index, hits in enumerate(kinds):
            named = {hit.label for hit in hits.get(WEEKDAY, ())}
            if not named or _SPAN in named:
                continue
            if not days:
                if index >= lead:
                    return other
                days = named
            elif not named & days:
                other.add(index)
        return other

    @staticmethod
    def is_current(kinds: dict[str, list[Hit]]) -> bool:
        """True when a sentence names the time of the reported event ("on Sunday", "overnight")."""
        return PRESENT in kinds


def _compared(text: str, cue: int) -> bool:
    """True when the cue ends a comparison: "the deadliest attack since 2019", "the biggest
    incursion into Russian territory since World War Two", "the heaviest shelling since the
    war began" (and not "the worst crisis in its history in January", which dates)."""
    end = cue
    if text.endswith("since ", max(0, cue - 6), cue):
        end = cue - len("since ")
    elif not text.startswith("since", cue):
        return False
    return _COMPARISON.search(text, max(0, end - _COMPARISON_REACH), end) is not None


def _dated(text: str, start: int) -> bool:
    """True when the year at `start` names a point in time ("in 2023", "October 7, 2023")."""
    return text[start - 1 : start] not in _NUMBER_MARKS and (
        _DATING.search(text, max(0, start - _DATING_REACH), start) is not None
    )
