"""From the analysts' syntax tree to an Elasticsearch query, with our relevance choices.

Relevance: matches in the title count three times a match in the text; words typed next to
each other score higher when they also stand near each other in the article (a sloppy phrase
``should`` clause); optionally newer articles score higher (a Gaussian decay on ``published``).
Every language is searched at once: each clause goes to the language-neutral ``title``/``text``
and to every language's own fields (``title_fr``, ``text_ar`` ..., filled only for articles in
that language), which Elasticsearch analyses with that language's analyzer (see
`connectors.language_analysis`): ``frappes`` finds ``frappe`` in French articles, ``بالقصف``
finds ``القصف`` in Arabic ones. Words are also expanded to their English inflections (see
`inflect` for why this stays). A plain word or phrase also matches articles whose resolved
places carry that name (``Aleppo`` finds an Arabic article that says حلب and was tagged with
Aleppo). ``exact`` searches only the ``.exact`` sub-fields (standard analyser, stop words
kept), with no expansion and no places; a ``prefix*`` matches the words as written, in the
language-neutral fields.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from connectors.language_analysis import language_field, languages
from connectors.search.inflect import ENGLISH, variants
from connectors.search.query import FIELDS, TEXT_FIELDS, And, Node, Not, Or, Phrase, Term

TITLE_BOOST = 3.0
PROXIMITY_SLOP = 6
PROXIMITY_BOOST = 2.0
ADJACENT_BONUS = 10.0
MAX_PHRASE_VARIANTS = 16
PLACE_FIELD = "locations.name.folded"
_PLAIN_WORD = re.compile(r"^\w+$")
# Languages whose inflections the neutral clauses already carry (`inflect`): their own fields add
# nothing to the proximity bonus or the highlights, and cost every article in them (issue 17).
INFLECTED_IN_NEUTRAL = frozenset({ENGLISH})


def neutral_fields(field: str | None, exact: bool) -> list[str]:
    """The language-neutral index fields (with boosts) a text clause searches."""
    suffix = ".exact" if exact else ""
    if field == "text":
        return [f"text{suffix}"]
    if field == "title":
        return [f"title{suffix}"]
    return [f"title{suffix}^{TITLE_BOOST:g}", f"text{suffix}"]


def language_fields(field: str | None, skip: frozenset[str] = frozenset()) -> list[str]:
    """Each language's analysed fields (with boosts) for the fields a text clause searches, but
    for the languages in ``skip``."""
    return [_in_language(name, language) for language in languages() if language not in skip
            for name in neutral_fields(field, False)]


def text_fields(field: str | None, exact: bool) -> list[str]:
    """Every index field (with boosts) a text clause searches: neutral, then one per language."""
    return neutral_fields(field, exact) + ([] if exact else language_fields(field))


def _in_language(name: str, language: str) -> str:
    """``title^3`` -> ``title_fr^3``: a neutral field's counterpart for ``language``, same boost."""
    base, caret, boost = name.partition("^")
    return f"{language_field(base, language)}{caret}{boost}"


def _best_of(neutral: list[dict[str, Any]], field: str | None, language_query: dict[str, Any],
             exact: bool, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The neutral clauses (one per English inflection) or the language fields, scored by the
    best one: the language fields get the text as typed, since their analyzers find the inflections,
    and inflections that stem alike must not add up."""
    neutral_match = neutral[0] if len(neutral) == 1 else {"bool": {"should": neutral,
                                                                    "minimum_should_match": 1}}
    if exact:
        return neutral_match
    in_languages = {"multi_match": {**language_query, "fields": language_fields(field, skip)}}
    return {"dis_max": {"queries": [neutral_match, in_languages]}}


def _or_place(clause: dict[str, Any], name: str, field: str | None, exact: bool) -> dict[str, Any]:
    """``clause``, or an article whose resolved places include ``name`` (any script of the text)."""
    if exact or field is not None:
        return clause
    place = {"term": {PLACE_FIELD: {"value": " ".join(name.lower().split())}}}
    return {"bool": {"should": [clause, place], "minimum_should_match": 1}}


def normalise_keyword(field: str, value: str) -> str:
    """Keyword values as the index stores them: tags lower_snake, countries upper ISO codes."""
    value = value.strip()
    if field == "tag":
        return re.sub(r"[\s\-]+", "_", value.lower())
    if field == "country":
        return value.upper()
    return value.lower()


def _word_clause(term: Term, exact: bool) -> dict[str, Any]:
    if term.prefix:
        clauses = [
            {"prefix": {name.split("^")[0]: {"value": term.text.lower(), **_boost(name)}}}
            for name in neutral_fields(term.field, exact)
        ]
        return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}
    if not _PLAIN_WORD.match(term.text):  # rebel-held, al-Qaeda: the analyser splits it; keep order
        return _phrase_clause(Phrase(term.text, term.field), exact)
    forms = [term.text] if exact else variants(term.text)
    options = {"operator": "or", "zero_terms_query": "all"}
    fields = neutral_fields(term.field, exact)
    neutral = {"multi_match": {"query": " ".join(forms), "fields": fields, **options}}
    words = _best_of([neutral], term.field, {"query": term.text, **options}, exact)
    return _or_place(words, term.text, term.field, exact)


def _boost(name: str) -> dict[str, float]:
    return {"boost": float(name.split("^")[1])} if "^" in name else {}


def phrase_forms(text: str, exact: bool) -> list[str]:
    """The phrase and its inflected variants; only the last word varies when there are too many."""
    words = text.split()
    if exact:
        return [text]
    per_word = [variants(word) if _PLAIN_WORD.match(word) else [word] for word in words]
    combos = 1
    for forms in per_word:
        combos *= len(forms)
    if combos > MAX_PHRASE_VARIANTS:
        per_word = [[word.lower()] for word in words[:-1]] + [per_word[-1]]
    return [" ".join(combo) for combo in itertools.islice(itertools.product(*per_word), MAX_PHRASE_VARIANTS)]


def _phrase_clause(phrase: Phrase, exact: bool) -> dict[str, Any]:
    words = _phrase_match(phrase.text, phrase.field, exact, zero_terms_query="all")
    return _or_place(words, phrase.text, phrase.field, exact)


def _phrase_match(text: str, field: str | None, exact: bool, skip: frozenset[str] = frozenset(),
                  **options: Any) -> dict[str, Any]:
    """A phrase in the neutral fields (with its inflected forms) or in any language's fields but
    those in ``skip``."""
    options = {"type": "phrase", **options}
    fields = neutral_fields(field, exact)
    forms = phrase_forms(text, exact)
    neutral = [{"multi_match": {"query": form, "fields": fields, **options}} for form in forms]
    return _best_of(neutral, field, {"query": text, **options}, exact, skip)


def _keyword_clause(node: Term | Phrase) -> dict[str, Any]:
    assert node.field is not None
    index_field = FIELDS[node.field]
    value = normalise_keyword(node.field, node.text)
    if isinstance(node, Term) and node.prefix:
        return {"prefix": {index_field: {"value": value}}}
    return {"term": {index_field: {"value": value}}}


def to_dsl(node: Node, exact: bool = False) -> dict[str, Any]:
    """The Elasticsearch query for one syntax-tree node."""
    if isinstance(node, (Term, Phrase)) and node.field is not None and node.field not in TEXT_FIELDS:
        return _keyword_clause(node)
    if isinstance(node, Term):
        return _word_clause(node, exact)
    if isinstance(node, Phrase):
        return _phrase_clause(node, exact)
    if isinstance(node, Not):
        return {"bool": {"must_not": [to_dsl(node.node, exact)]}}
    if isinstance(node, Or):
        return {"bool": {"should": [to_dsl(n, exact) for n in node.nodes], "minimum_should_match": 1}}
    positive = [to_dsl(n, exact) for n in node.nodes if not isinstance(n, Not)]
    negative = [to_dsl(n.node, exact) for n in node.nodes if isinstance(n, Not)]
    clause: dict[str, Any] = {"must": positive} if positive else {}
    if negative:
        clause["must_not"] = negative
    return {"bool": clause}


def proximity_words(node: Node | None) -> list[str]:
    """The plain words of a top-level AND (or a lone word), which a proximity boost can join."""
    nodes = node.nodes if isinstance(node, And) else (node,) if node is not None else ()
    return [n.text for n in nodes
            if isinstance(n, Term) and n.field is None and not n.prefix and _PLAIN_WORD.match(n.text)]


def _proximity(words: list[str], exact: bool) -> list[dict[str, Any]]:
    """Bonus clauses: a fixed bonus when the words stand together, in order (so a long article is
    not out-scored by short ones that merely mention each word), and a scored sloppy phrase."""
    text = " ".join(words)
    adjacent = _phrase_match(text, None, exact, INFLECTED_IN_NEUTRAL)
    sloppy = _phrase_match(text, None, exact, INFLECTED_IN_NEUTRAL, slop=PROXIMITY_SLOP)
    bonus = {"constant_score": {"filter": adjacent, "boost": ADJACENT_BONUS}}
    return [bonus, {"bool": {"must": [sloppy], "boost": PROXIMITY_BOOST}}]


def relevance_query(node: Node | None, filters: list[dict[str, Any]], exact: bool = False,
                    recency: str | None = None) -> dict[str, Any]:
    """The whole scored query: match ``node``, filter, boost proximity and (optionally) recency."""
    root: dict[str, Any] = {"filter": filters}
    root["must"] = [to_dsl(node, exact)] if node is not None else [{"match_all": {}}]
    words = proximity_words(node)
    if len(words) > 1:
        root["should"] = _proximity(words, exact)
    query: dict[str, Any] = {"bool": root}
    if recency:
        query = {"function_score": {
            "query": query,
            "functions": [{"gauss": {"published": {"origin": "now", "scale": recency, "decay": 0.5}}}],
            "boost_mode": "multiply"}}
    return query


def field_query(query: dict[str, Any], field: str) -> dict[str, Any] | None:
    """``query`` narrowed to its clauses on ``field`` (all optional, exclusions dropped); None
    when it has none. The highlighter builds a query's weights for every field it marks, so the
    whole query over the twelve language fields, once per field per hit, cost more than the
    highlighting itself (issue 17); narrowed, each field pays only for its own words."""
    (kind, spec), = query.items()
    if kind in ("bool", "dis_max"):
        parts = spec.get("queries", []) + spec.get("must", []) + spec.get("should", [])
        kept = [narrowed for part in parts if (narrowed := field_query(part, field)) is not None]
        return {"bool": {"should": kept}} if kept else None
    if kind == "multi_match":
        fields = [name for name in spec["fields"] if name.partition("^")[0] == field]
        return {"multi_match": {**spec, "fields": fields}} if fields else None
    if kind in ("prefix", "term"):
        return query if field in spec else None
    return None
