"""Conflict-event tagger: tags, ACLED event types, fatalities, actors and places for news text.

Used by the Beam enrich transform (build `EventTagger.from_schemas()` in `DoFn.setup()`) and
by `sitrep tag`. Needs no servers; the taxonomy and lexicons live in schemas/taxonomy/.
The modules run compiled when `make` has built them from these sources (native.py).
"""

from pipelines.tagger.native import use_compiled

BUILD = use_compiled(__path__)

from pipelines.tagger.tagger import EventTagger, TagResult  # noqa: E402  (after the path is set)

__all__ = ["BUILD", "EventTagger", "TagResult"]
