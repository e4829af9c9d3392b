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
from typing import Any

from pipelines.tagger.lexicon import Hit, PhraseMatcher, expand_all

PAST, PRESENT, CUMULATIVE, HABITUAL = "time_past", "time_present", "cumulative", "time_habitual"
YEAR = "time_year"
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
_PAST_KINDS = (PAST, CUMULATIVE)
_LATE_KINDS = (PAST, CUMULATIVE, HABITUAL)
# "the deadliest attack since 2019", "the heaviest shelling since the war began"
_COMPARISON = re.compile(
    r"\b(?:deadliest|bloodiest|heaviest|worst|biggest|largest|fiercest|"
    r"most|first|highest|strongest|latest)(?: [\w']+){0,5},? $"
)
_COMPARISON_REACH = 60  # characters before a cue that can hold its superlative


class TimeFrame:
    """Tells background sentences from sentences about the reported event."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.past = expand_all(config.get("past_cues"))
        self.present = expand_all(config.get("present_cues"))
        self.habitual = expand_all(config.get("late_cues"))

    def register(self, lower: PhraseMatcher) -> None:
        """Add the time cues and the years to the lowercase matcher."""
        lower.add(self.past, PAST)
        lower.add(self.present, PRESENT)
        lower.add(self.habitual, HABITUAL)
        lower.add(_YEARS, YEAR)

    @staticmethod
    def cues(text: str, kinds: dict[str, list[Hit]], late: bool) -> list[int]:
        """Offsets of a sentence's past-time cues; none when it names the event's own time.

        `text` is the normalised article; `kinds` the sentence's matcher hits. `late`: the
        sentence is past the lead, where habits and tallies ("has carried out hundreds of
        strikes", "repeatedly") are context; in the lead they frame the news.
        """
        if PRESENT in kinds:
            return []
        found = [hit.start for hit in kinds.get(YEAR, ()) if _dated(text, hit.start)]
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
            if _COMPARISON.search(text, max(0, cue - _COMPARISON_REACH), cue):
                continue
            if cue < start:
                return True
            between = text[end:cue]
            if not ("," in between or ";" in between or ":" in between):
                return True
        return False

    @staticmethod
    def is_current(kinds: dict[str, list[Hit]]) -> bool:
        """True when a sentence names the time of the reported event ("on Sunday", "overnight")."""
        return PRESENT in kinds


def _dated(text: str, start: int) -> bool:
    """True when the year at `start` names a point in time ("in 2023", "October 7, 2023")."""
    return text[start - 1 : start] not in _NUMBER_MARKS and (
        _DATING.search(text, max(0, start - _DATING_REACH), start) is not None
    )
