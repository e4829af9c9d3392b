"""One tagger for every language: each language's EventTagger built once, on its first article.

The pipeline and `sitrep tag` hand over the article's detected language; an article in a
language the tagger does not read gets no tags and `tagged_language: None`, so analysts can
tell "nothing found" from "not read". Building a language (lexicons, automata, gazetteer)
costs about a second: once per worker process and language, never per article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pipelines.tagger.languages import available_languages
from pipelines.tagger.tagger import EventTagger, TagResult


@dataclass(frozen=True)
class TaggedArticle:
    """The tagger's findings and the language whose rules produced them (None: not read)."""

    result: TagResult
    tagged_language: str | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `sitrep tag` output and the enriched article's tagger fields."""
        return {**self.result.to_dict(), "tagged_language": self.tagged_language}


def language_code(language: str | None) -> str | None:
    """An ISO 639-1 code from a detector's or a feed's language tag ("en-GB", "pt_BR" -> en, pt)."""
    if not language or not language.strip():
        return None
    return language.strip().replace("_", "-").split("-")[0].lower()


class MultilingualTagger:
    """Tags articles with the rules of their own language, building each language lazily."""

    def __init__(
        self,
        languages: Iterable[str] | None = None,
        build: Callable[[str], EventTagger] = EventTagger.from_schemas,
    ) -> None:
        self.languages = tuple(languages) if languages is not None else available_languages()
        self._build = build
        self._taggers: dict[str, EventTagger] = {}

    def supported(self, language: str | None) -> str | None:
        """The code of the language if the tagger reads it, else None."""
        code = language_code(language)
        return code if code in self.languages else None

    def tagger_for(self, language: str | None) -> EventTagger | None:
        """The language's tagger, built on first use; None for a language not read."""
        code = self.supported(language)
        if code is None:
            return None
        tagger = self._taggers.get(code)
        if tagger is None:
            tagger = self._taggers[code] = self._build(code)
        return tagger

    def tag(self, title: str, text: str, language: str | None) -> TaggedArticle:
        """Tag one article with its language's rules (no tags for a language not read)."""
        tagger = self.tagger_for(language)
        if tagger is None:
            return TaggedArticle(TagResult(), None)
        return TaggedArticle(tagger.tag(title, text), tagger.language.code)
