"""English inflection variants of a query word, for what the index's stemming cannot do.

Since template v2 each language has its own analysed sub-field (``title.en`` ... with Hunspell
on the local node, see `connectors.language_analysis`), which finds regular inflections. This
expansion stays, searched on every field, for two reasons measured on the node: Debian's en_US
dictionary lists irregular forms as words of their own (``fell`` stems to ``fell``, never to
``fall``; ``fought``, ``shot``, ``fled`` likewise), and article indices created before v2 stay
behind the alias with only the language-neutral fields. So a word is expanded into its regular
inflections (plural -s/-es/-ies, past -ed/-d, -ing) and, for the irregular verbs of conflict
reporting in :data:`IRREGULAR`, into every form of that verb. Invented non-words match nothing.
"""

from __future__ import annotations

ENGLISH = "en"  # the language whose inflections these are
MIN_LENGTH = 4
# Irregular verbs of conflict reporting: every form finds every other. Kept short on purpose:
# a verb joins when an analyst's query missed articles for it.
IRREGULAR: tuple[tuple[str, ...], ...] = (
    ("fall", "falls", "falling", "fell", "fallen"),
    ("fight", "fights", "fighting", "fought"),
    ("shoot", "shoots", "shooting", "shot"),
    ("flee", "flees", "fleeing", "fled"),
    ("strike", "strikes", "striking", "struck", "stricken"),
    ("hit", "hits", "hitting"),
    ("hold", "holds", "holding", "held"),
    ("break", "breaks", "breaking", "broke", "broken"),
    ("seek", "seeks", "seeking", "sought"),
    ("lead", "leads", "leading", "led"),
    ("take", "takes", "taking", "took", "taken"),
    ("begin", "begins", "beginning", "began", "begun"),
    ("blow", "blows", "blowing", "blew", "blown"),
    ("drive", "drives", "driving", "drove", "driven"),
    ("freeze", "freezes", "freezing", "froze", "frozen"),
    ("hide", "hides", "hiding", "hid", "hidden"),
    ("lose", "loses", "losing", "lost"),
    ("overrun", "overruns", "overrunning", "overran"),
    ("shake", "shakes", "shaking", "shook", "shaken"),
    ("sink", "sinks", "sinking", "sank", "sunk"),
    ("steal", "steals", "stealing", "stole", "stolen"),
    ("withdraw", "withdraws", "withdrawing", "withdrew", "withdrawn"),
)
_IRREGULAR_FORMS = {form: forms for forms in IRREGULAR for form in forms}
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
    if word in _IRREGULAR_FORMS:
        return [word, *sorted(set(_IRREGULAR_FORMS[word]) - {word})][:limit]
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
