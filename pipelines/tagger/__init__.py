"""Conflict-event tagger: tags, ACLED event types, fatalities, actors and places for news text.

Used by the Beam enrich transform (build `EventTagger.from_schemas()` in `DoFn.setup()`) and
by `sitrep tag`. Needs no servers; the taxonomy and lexicons live in schemas/taxonomy/.
"""

from pipelines.tagger.tagger import EventTagger, TagResult

__all__ = ["EventTagger", "TagResult"]
