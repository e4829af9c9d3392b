"""The analysts' query language, parsed by us so no user text ever becomes raw Elasticsearch DSL.

Syntax: words (all must match), ``"quoted phrases"``, ``AND`` / ``OR`` / ``NOT`` (upper case;
``-word`` is NOT too), parentheses, ``prefix*`` (at least 3 characters before the star) and
``field:value`` for the fields in :data:`FIELDS`. Bad input raises :class:`QueryError` with the
character position and what to do, rather than being silently reinterpreted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from connectors.search.errors import QueryError

# Analyst field name -> index field. Text fields are searched by words; the rest are keywords.
FIELDS: dict[str, str] = {
    "title": "title",
    "text": "text",
    "source": "source",
    "tag": "tags",
    "country": "countries",
    "event": "event_types",
    "lang": "language",
}
TEXT_FIELDS = frozenset({"title", "text"})
MIN_PREFIX = 3
MAX_DEPTH = 16
OPERATORS = frozenset({"AND", "OR", "NOT"})
_FIELD_RE = re.compile(r"^([A-Za-z_]+):(.*)$", re.DOTALL)
# Brackets and braces belong to no part of the syntax; refusing them turns pasted JSON/DSL
# into a clear 400 instead of a search for its words. Inside a "phrase" they are plain text.
RESERVED = frozenset("{}[]")
_WORD_END = frozenset(' \t\r\n()"') | RESERVED


@dataclass(frozen=True)
class Term:
    """One word, or a ``prefix*`` when ``prefix`` is set; ``field`` None means the article text."""

    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in order."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Not:
    """Articles that do not match ``node``."""

    node: Node


@dataclass(frozen=True)
class And:
    """Articles matching every node."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Articles matching at least one node."""

    nodes: tuple[Node, ...]


Node = Union[Term, Phrase, Not, And, Or]  # noqa: UP007 - a runtime alias, used in isinstance


@dataclass(frozen=True)
class Token:
    """A lexical unit with its 1-based character position, for error messages."""

    kind: str  # WORD, PHRASE, FIELD, LPAREN, RPAREN, AND, OR, NOT
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """Split a query into tokens; an unclosed quote is an error, not a guess."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(Token("LPAREN" if char == "(" else "RPAREN", char, i + 1))
            i += 1
        elif char in RESERVED:
            raise QueryError(
                f"{char!r} at character {i + 1} is not part of the query syntax (words, \"phrases\", "
                "AND, OR, NOT, ( ), prefix*, field:value); Elasticsearch DSL is not accepted"
            )
        elif char == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError(
                    f'unbalanced quote: the phrase starting at character {i + 1} has no closing "'
                )
            tokens.append(Token("PHRASE", text[i + 1 : end], i + 1))
            i = end + 1
        elif char == "-" and i + 1 < len(text) and text[i + 1] not in _WORD_END:
            tokens.append(Token("NOT", "-", i + 1))
            i += 1
        else:
            i = _read_word(text, i, tokens)
    return tokens


def _read_word(text: str, start: int, tokens: list[Token]) -> int:
    """Read a bare word (maybe ``field:``) from ``start``; returns the index after it."""
    end = start
    while end < len(text) and text[end] not in _WORD_END:
        end += 1
    word = text[start:end]
    match = _FIELD_RE.match(word)
    if match and not match.group(1).isdigit():
        tokens.append(Token("FIELD", match.group(1).lower(), start + 1))
        if match.group(2):
            tokens.append(Token("WORD", match.group(2), start + 2 + len(match.group(1))))
    elif word in OPERATORS:
        tokens.append(Token(word, word, start + 1))
    else:
        tokens.append(Token("WORD", word, start + 1))
    return end


class _Parser:
    """Recursive descent over the tokens: OR binds loosest, then AND (explicit or implied), NOT."""

    def __init__(self, tokens: list[Token], max_clauses: int) -> None:
        self.tokens, self.i, self.max_clauses, self.leaves = tokens, 0, max_clauses, 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.or_expr(0)
        extra = self.peek()
        if extra is not None:
            raise QueryError(f"unmatched ')' at character {extra.pos}")
        return node

    def or_expr(self, depth: int) -> Node:
        nodes = [self.and_expr(depth)]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            nodes.append(self.and_expr(depth, after=token))
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self, depth: int, after: Token | None = None) -> Node:
        nodes = [self.not_expr(depth, after)]
        while (token := self.peek()) is not None and token.kind not in ("OR", "RPAREN"):
            if token.kind == "AND":
                self.take()
                nodes.append(self.not_expr(depth, after=token))
            else:
                nodes.append(self.not_expr(depth))
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def not_expr(self, depth: int, after: Token | None = None) -> Node:
        token = self.peek()
        if token is not None and token.kind == "NOT":
            self.take()
            return Not(self.not_expr(depth, after=token))
        return self.primary(depth, after)

    def primary(self, depth: int, after: Token | None) -> Node:
        token = self.peek()
        if token is None or token.kind in ("OR", "AND", "RPAREN"):
            raise QueryError(_missing_operand(token, after))
        self.take()
        if token.kind == "LPAREN":
            return self.group(token, depth + 1)
        if token.kind == "FIELD":
            return self.field_value(token)
        return self.leaf(token, None)

    def group(self, opening: Token, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise QueryError(f"parentheses nested deeper than {MAX_DEPTH} levels")
        closing = self.peek()
        if closing is not None and closing.kind == "RPAREN":
            raise QueryError(f"empty parentheses at character {opening.pos}")
        node = self.or_expr(depth)
        closing = self.peek()
        if closing is None or closing.kind != "RPAREN":
            raise QueryError(f"unbalanced parenthesis: '(' at character {opening.pos} is never closed")
        self.take()
        return node

    def field_value(self, field: Token) -> Node:
        if field.text not in FIELDS:
            known = ", ".join(sorted(FIELDS))
            raise QueryError(
                f"unknown field '{field.text}:' at character {field.pos}; known fields are {known} "
                '(put the word in quotes to search for it literally)'
            )
        value = self.peek()
        if value is None or value.kind not in ("WORD", "PHRASE"):
            raise QueryError(f"'{field.text}:' at character {field.pos} needs a value, e.g. {field.text}:x")
        self.take()
        return self.leaf(value, field.text)

    def leaf(self, token: Token, field: str | None) -> Node:
        self.leaves += 1
        if self.leaves > self.max_clauses:
            raise QueryError(f"too many terms: at most {self.max_clauses} words, phrases and fields")
        if token.kind == "PHRASE":
            if not token.text.strip():
                raise QueryError(f'empty phrase "" at character {token.pos}')
            return Phrase(" ".join(token.text.split()), field)
        return _word(token, field)


def _word(token: Token, field: str | None) -> Term:
    text = token.text
    star = text.find("*")
    if star < 0:
        if "?" in text:
            raise QueryError(f"'?' wildcards are not supported (character {token.pos}); use prefix*")
        return Term(text, field)
    if star != len(text) - 1 or "?" in text:
        raise QueryError(f"only a trailing * is supported, as in ceasefir* (character {token.pos})")
    stem = text[:-1]
    if len(stem) < MIN_PREFIX:
        raise QueryError(
            f"prefix '{text}' at character {token.pos} is too short: give at least {MIN_PREFIX} "
            "characters before *"
        )
    return Term(stem, field, prefix=True)


def _missing_operand(token: Token | None, after: Token | None) -> str:
    if after is not None:
        return f"{after.text} at character {after.pos} needs a term after it"
    if token is None:
        return "the query ends where a term was expected"
    if token.kind == "RPAREN":
        return f"unmatched ')' at character {token.pos}"
    return f"{token.text} at character {token.pos} needs a term before it"


def parse_query(text: str, max_chars: int = 1000, max_clauses: int = 64) -> Node | None:
    """The syntax tree of an analyst query; None for an empty query (match everything)."""
    if len(text) > max_chars:
        raise QueryError(f"query too long: {len(text)} characters, the limit is {max_chars}")
    tokens = tokenize(text)
    if not tokens:
        return None
    return _Parser(tokens, max_clauses).parse()
