"""Background sentences: history and statistics that date the news, not the news itself.

Full-length articles follow the lead with context paragraphs: an earlier truce ("a ceasefire
agreed in January collapsed in March"), a past attack and its toll ("In January 2023, a
missile hit an apartment block, killing 46 people"), cumulative figures ("12 million people
have been displaced since the war began"). A sentence is background when it carries a
past-time cue (taxonomy `background.past_cues`, or a year after a preposition or month:
"in 2023", "since October 2023") and no present-time cue (`background.present_cues`: a
weekday, "today", "overnight") that would tie it to the event being reported. Firings and
death counts in background sentences do not count; headlines are never background.
"""

from __future__ import annotations

import re
from typing import Any

from pipelines.tagger.lexicon import cue_regex

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december")
# a year named as a point in the past: "in 2023", "since October 2023", "the 2022 deal" is not
_YEAR = re.compile(rf"\b(?:in|since|of|from|until|by|during|before|throughout|late|early|"
                   rf"mid|{_MONTHS}),? (?:19|20)\d\d\b")


class TimeFrame:
    """Tells background sentences from sentences about the reported event."""

    def __init__(self, config: dict[str, Any], cumulative: tuple[str, ...] = ()) -> None:
        self.past = cue_regex([*(config.get("past_cues") or ()), *cumulative])
        self.present = cue_regex(config.get("present_cues"))

    def is_background(self, sentence: str) -> bool:
        """True when a (normalised) sentence looks back in time and not at the event."""
        if not (_YEAR.search(sentence) or (self.past and self.past.search(sentence))):
            return False
        return not (self.present and self.present.search(sentence))
