"""The records trigger evaluation passes around: a sentence to judge, a tag it supports."""

from __future__ import annotations

from typing import NamedTuple

from pipelines.tagger.lexicon import Hit


class Firing(NamedTuple):
    """A tag (or an event type's own trigger, as "event:<id>") supported by one sentence.

    A NamedTuple, like Hit: dozens are made per article and tuples are the cheapest records.
    """

    label: str
    sentence: int
    score: float
    start: int
    end: int
    generic: bool = False
    vague: bool = False  # a verb for any heavy fire ("pounded"), shelling only if nothing else


class SentenceView(NamedTuple):
    """What the evaluator needs to know about one sentence."""

    number: int  # the sentence's position in the article (`index` would shadow tuple.index)
    start: int
    end: int
    kinds: dict[str, list[Hit]]
    has_negation: bool
    is_title: bool = False
