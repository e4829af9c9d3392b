"""Where a tag's evidence sits: the headline and lead report the news, late paragraphs recall it.

Wire reports (Reuters, AP, AFP, BBC, Al Jazeera) put the event in the headline and the first
paragraphs, then give context: the truce that collapsed in March, the talks held in Istanbul,
the million people displaced since the war began, the clashes that preceded the strike. A
tag named only in those late paragraphs is usually that context, not the event. So a tag
whose every firing lies past the lead (`prominence.lead_sentences`, headline included) counts
only with one of:
- a strong trigger or a strong rule ("cluster bombs fell", "an aid convoy came under fire"):
  specific words that name an event, not a topic;
- a present-time cue in the sentence ("on Sunday", "overnight"): it dates the reported event;
- firings in at least `min_late_sentences` late sentences: the story keeps coming back to it;
- a related tag in the lead (`families`: a violation of the truce the headline names);
- a `durative` tag (a siege): "has been under siege since September" is the state now.
Articles no longer than the lead are judged as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipelines.tagger.firing import Firing

STRONG_SCORE = 0.85  # strong triggers score 0.9, strong rules 0.85; weak ones 0.75 at most


class Prominence:
    """Drops tags that only the background paragraphs of an article support."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.lead_sentences = int(config.get("lead_sentences", 6))
        self.min_late_sentences = int(config.get("min_late_sentences", 2))
        self.durative = frozenset(config.get("durative") or ())
        self.family = {tag: i for i, group in enumerate(config.get("families") or ()) for tag in group}

    def settle(self, firings: list[Firing], current: Callable[[int], bool]) -> list[Firing]:
        """Firings of tags the lead supports, or that late paragraphs support strongly enough.

        `current(i)`: True when sentence i names the reported event's time ("on Sunday").
        """
        lead = self.lead_sentences
        if all(f.sentence < lead for f in firings):
            return firings
        in_lead = {f.label for f in firings if f.sentence < lead}
        families = {self.family[label] for label in in_lead if label in self.family}
        late: dict[str, set[int]] = {}
        for firing in firings:
            if firing.label not in in_lead:
                late.setdefault(firing.label, set()).add(firing.sentence)
        kept_late = {
            label
            for label, sentences in late.items()
            if self._stands(label, sentences, families, firings, current)
        }
        return [f for f in firings if f.label in in_lead or f.label in kept_late]

    def _stands(
        self,
        label: str,
        sentences: set[int],
        families: set[int],
        firings: list[Firing],
        current: Callable[[int], bool],
    ) -> bool:
        """True when late paragraphs alone are enough evidence for the tag."""
        if (
            label in self.durative
            or len(sentences) >= self.min_late_sentences
            or self.family.get(label, -1) in families
        ):
            return True
        return any(f.label == label and (f.score >= STRONG_SCORE or current(f.sentence)) for f in firings)
