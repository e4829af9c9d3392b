"""Conflict-event tagger: tags, ACLED event types, fatalities, actors and places for news text.

Used by the Beam enrich transform (a `MultilingualTagger`, built in `DoFn.setup()`, builds
each language's `EventTagger` once) and by `sitrep tag`. Needs no servers; the taxonomy and
the per-language lexicons live in schemas/taxonomy/. The modules run compiled when `make`
has built them from these sources (native.py).
"""

from pipelines.tagger.native import use_compiled

BUILD = use_compiled(__path__)

from pipelines.tagger.languages import available_languages  # noqa: E402  (after the path is set)
from pipelines.tagger.multilingual import MultilingualTagger, TaggedArticle  # noqa: E402
from pipelines.tagger.tagger import EventTagger, TagResult  # noqa: E402

__all__ = ["BUILD", "EventTagger", "MultilingualTagger", "TagResult", "TaggedArticle", "available_languages"]
