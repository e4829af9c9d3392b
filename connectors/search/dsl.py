"""From the analysts' syntax tree to an Elasticsearch query, with our relevance choices.

Relevance: matches in the title count three times a match in the text; words typed next to
each other score higher when they also stand near each other in the article (a sloppy phrase
``should`` clause); optionally newer articles score higher (a Gaussian decay on ``published``).
Words are expanded to their regular inflections (see `inflect`) unless ``exact`` is asked for,
in which case the ``.exact`` sub-fields (standard analyser, stop words kept) are searched.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from connectors.search.inflect import variants
from connectors.search.query import FIELDS, TEXT_FIELDS, And, Node, Not, Or, Phrase, Term

TITLE_BOOST = 3.0
PROXIMITY_SLOP = 6
PROXIMITY_BOOST = 2.0
ADJACENT_BONUS = 10.0
MAX_PHRASE_VARIANTS = 16
_PLAIN_WORD = re.compile(r"^\w+$")


def text_fields(field: str | None, exact: bool) -> list[str]:
    """The index fields (with boosts) a text clause searches."""
    suffix = ".exact" if exact else ""
    if field == "text":
        return [f"text{suffix}"]
    if field == "title":
        return [f"title{suffix}"]
    return [f"title{suffix}^{TITLE_BOOST:g}", f"text{suffix}"]


def normalise_keyword(field: str, value: str) -> str:
    """Keyword values as the index stores them: tags lower_snake, countries upper ISO codes."""
    value = value.strip()
    if field == "tag":
        return re.sub(r"[\s\-]+", "_", value.lower())
    if field == "country":
        return value.upper()
    return value.lower()


def _word_clause(term: Term, exact: bool) -> dict[str, Any]:
    fields = text_fields(term.field, exact)
    if term.prefix:
        clauses = [
            {"prefix": {name.split("^")[0]: {"value": term.text.lower(), **_boost(name)}}}
            for name in fields
        ]
        return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}
    if not _PLAIN_WORD.match(term.text):  # rebel-held, al-Qaeda: the analyser splits it; keep order
        return _phrase_clause(Phrase(term.text, term.field), exact)
    forms = [term.text] if exact else variants(term.text)
    return {"multi_match": {"query": " ".join(forms), "fields": fields, "operator": "or",
                            "zero_terms_query": "all"}}


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
    fields = text_fields(phrase.field, exact)
    clauses = [
        {"multi_match": {"query": form, "type": "phrase", "fields": fields, "zero_terms_query": "all"}}
        for form in phrase_forms(phrase.text, exact)
    ]
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


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


def _proximity(forms: list[str], exact: bool) -> list[dict[str, Any]]:
    """Bonus clauses: a fixed bonus when the words stand together, in order (so a long article is
    not out-scored by short ones that merely mention each word), and a scored sloppy phrase."""
    fields = text_fields(None, exact)
    adjacent = [{"multi_match": {"query": form, "type": "phrase", "fields": fields}} for form in forms]
    sloppy = [{"multi_match": {"query": form, "type": "phrase", "slop": PROXIMITY_SLOP, "fields": fields,
                               "boost": PROXIMITY_BOOST}} for form in forms]
    bonus = {"constant_score": {"filter": {"bool": {"should": adjacent, "minimum_should_match": 1}},
                                "boost": ADJACENT_BONUS}}
    return [bonus, *sloppy]


def relevance_query(node: Node | None, filters: list[dict[str, Any]], exact: bool = False,
                    recency: str | None = None) -> dict[str, Any]:
    """The whole scored query: match ``node``, filter, boost proximity and (optionally) recency."""
    root: dict[str, Any] = {"filter": filters}
    root["must"] = [to_dsl(node, exact)] if node is not None else [{"match_all": {}}]
    words = proximity_words(node)
    if len(words) > 1:
        root["should"] = _proximity(phrase_forms(" ".join(words), exact), exact)
    query: dict[str, Any] = {"bool": root}
    if recency:
        query = {"function_score": {
            "query": query,
            "functions": [{"gauss": {"published": {"origin": "now", "scale": recency, "decay": 0.5}}}],
            "boost_mode": "multiply"}}
    return query
