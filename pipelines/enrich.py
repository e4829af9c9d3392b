"""Tagging conflict events on each article, in its own language's rules, as a Beam transform."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import apache_beam as beam
from apache_beam import pvalue

from pipelines.deadletter import DEADLETTER, article_failure
from pipelines.tagger import MultilingualTagger

TAG_FIELDS = (
    "event_types", "tags", "evidence", "fatalities", "weapons", "actors", "countries", "tagged_language"
)
_NULLABLE = frozenset({"fatalities", "tagged_language"})


def locations_for_index(locations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tagger locations ({name, country, lat, lon}) as index locations ({name, country, geo})."""
    out = []
    for place in locations or []:
        lat, lon = place.get("lat"), place.get("lon")
        geo = {"lat": lat, "lon": lon} if lat is not None and lon is not None else None
        out.append({"name": place["name"], "country": place.get("country"), "geo": geo})
    return out


def apply_tags(article: dict[str, Any], tagged: dict[str, Any]) -> dict[str, Any]:
    """The article with the tagger's findings merged in, defaults for what it left out."""
    out = dict(article)
    for name in TAG_FIELDS:
        out[name] = tagged.get(name, None if name in _NULLABLE else [])
    out["locations"] = locations_for_index(tagged.get("locations") or [])
    return out


@cache
def shared_tagger() -> MultilingualTagger:
    """One tagger per process: building a language's lexicons and gazetteer costs ~1 s (done
    on its first article), and a worker may set up several instances of the DoFn (one per
    concurrent bundle)."""
    return MultilingualTagger()


class TagDoFn(beam.DoFn):
    """Runs the tagger on title and text, with the rules of the language the normaliser detected."""

    def setup(self) -> None:
        self.tagger = shared_tagger()

    def process(self, article: dict[str, Any]) -> Iterator[Any]:
        try:
            tagged = self.tagger.tag(
                article.get("title") or "", article.get("text") or "", article.get("language")
            ).to_dict()
        except Exception as exc:
            yield pvalue.TaggedOutput(
                DEADLETTER, article_failure("tag", f"{type(exc).__name__}: {exc}", article)
            )
            return
        yield apply_tags(article, tagged)


class TagEvents(beam.PTransform):
    """Articles in; articles with event types, tags, evidence, actors and places out."""

    def expand(self, articles: beam.PCollection) -> pvalue.DoOutputsTuple:
        return articles | "Tag" >> beam.ParDo(TagDoFn()).with_outputs(DEADLETTER, main="articles")
