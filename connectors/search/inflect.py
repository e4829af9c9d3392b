"""English inflection variants, because the local Elasticsearch has no stemmer.

Elastic's minimal distribution lacks the analysis-common module, so ``collapse`` would not
find ``collapses`` or ``collapsed``. We expand a query word into its likely regular inflections
(plural -s/-es/-ies, past -ed/-d, -ing) and OR them. It is deliberately naive: irregular forms
(``fell``/``fall``) are not covered, and invented non-words simply match nothing.
"""

from __future__ import annotations

MIN_LENGTH = 4
_SIBILANTS = ("s", "x", "z", "ch", "sh")


def _stems(word: str) -> set[str]:
    """Candidate base forms of ``word``, itself included."""
    stems = {word}
    if word.endswith("ies") and len(word) > 4:
        stems.add(word[:-3] + "y")
    if word.endswith("es"):
        stems.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        stems.add(word[:-1])
    if word.endswith("ed"):
        stems.update({word[:-2], word[:-1]})
        if len(word) > 5 and word[-3] == word[-4]:
            stems.add(word[:-3])
    if word.endswith("ing") and len(word) > 5:
        stems.update({word[:-3], word[:-3] + "e"})
        if word[-4] == word[-5]:
            stems.add(word[:-4])
    return {stem for stem in stems if len(stem) >= 3}


def _forms(stem: str) -> set[str]:
    """The regular inflections of a base form."""
    forms = {stem, stem + "s"}
    if stem.endswith(_SIBILANTS):
        forms.add(stem + "es")
    if stem.endswith("y") and stem[-2:-1] not in "aeiou":
        forms.update({stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"})
    elif stem.endswith("e"):
        forms.update({stem + "d", stem[:-1] + "ing"})
    else:
        forms.update({stem + "ed", stem + "ing"})
    return forms


def variants(word: str, limit: int = 12) -> list[str]:
    """``word`` first, then its likely inflections (at most ``limit`` forms in all).

    Only plain lower-case alphabetic words of :data:`MIN_LENGTH` letters or more are expanded;
    anything else (numbers, names with digits, short words) comes back alone.
    """
    word = word.lower()
    if len(word) < MIN_LENGTH or not word.isalpha() or not word.isascii():
        return [word]
    stems = _stems(word)
    if len(stems) > 1:
        stems.discard(word)  # an inflected word: inflect its base forms, not the word again
    forms: set[str] = set()
    for stem in stems:
        forms |= _forms(stem)
    forms.discard(word)
    return [word, *sorted(forms)][:limit]
