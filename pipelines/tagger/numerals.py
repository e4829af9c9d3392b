"""The numbers in a sentence's tokens, for the death-toll counter (death_counts.py).

Digits (thousands grouped "1 200", "1.200", "1,200"; a decimal only before a thousand: "2,2
тысячи" 2200), number words in a row summed and scaled ("двадцать пять", "deux cents",
"2 тысячи"), ranges read as their upper bound ("10-15", "от 10 до 15"), and what is no count:
years, percentages, clock times, ages ("un niño de 10 años") and model names ("Tu-95").
"""

from __future__ import annotations

import re
from typing import NamedTuple

_HUNDRED, THOUSANDS = 100, frozenset({1000, 1_000_000})
_TENS = frozenset(range(20, 100, 10))  # the tens a unit before them adds to ("خمسة وعشرون")
DEATH, NOT_DEATH, QUALIFIER, VAGUE, RANGE, JOINER, NUMBER, WORD, BARRIER = (
    "death",
    "not_death",
    "qualifier",
    "vague",
    "range",
    "joiner",
    "number",
    "word",
    "barrier",
)
AGE, DECIMAL, DEATH_COUNT = "age", "decimal", "death_count"  # DEATH_COUNT: "قتيلين", 2 dead
# digits with their thousands grouped ("1 200", "1.200", "1,200"), a decimal ("2,2"), or plain
_NUMERAL = re.compile(
    r"(?P<grouped>\d{1,3}(?:[ .,\u066c\u202f]\d{3})+)(?!\d)"
    r"|(?P<whole>\d+)[.,\u066b](?P<fraction>\d{1,2})(?!\d)"
    r"|\d+"
)
_MODEL = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011](\d)")
_MILLI = 1000  # a decimal's value is kept in thousandths until its scale word multiplies it


class Token(NamedTuple):
    """One word (or phrase, or barrier mark) of a sentence, with what the lexicon makes of it."""

    kind: str
    value: int
    end: int  # offset after the token in the sentence (a number's grouping looks at it)
    opens: bool = False  # written after a conjunction clitic ("وأصيب"): opens a clause


def model_numbers(original: str) -> frozenset[int]:
    """Offsets of numbers hyphenated to a name ("Tu-95", "Su-34", "Shahed-136", "MQ-9"):
    model names, never counts."""
    return frozenset(match.start(1) for match in _MODEL.finditer(original))


def digits(found: list[re.Match[str]], surface: str, i: int) -> tuple[Token, int]:
    """A number written in digits, its thousands grouped ("1 200", "1.200", "1,200"), or a
    decimal ("2,2": counted only before a thousand); years, percentages and clock times
    ("8:30") are words."""
    numeral = _NUMERAL.match(surface, found[i].start())
    end = numeral.end() if numeral else found[i].end()
    used = 1
    while i + used < len(found) and found[i + used].start() < end:
        used += 1
    start = found[i].start()
    clock = surface[end : end + 2][:1] == ":" and surface[end + 1 : end + 2].isdigit()
    clock = clock or (surface[start - 1 : start] == ":" and surface[start - 2 : start - 1].isdigit())
    if numeral is None or clock or surface[end : end + 2].strip().startswith("%"):
        return Token(WORD, 0, end), used
    if numeral["whole"]:
        value = int(numeral["whole"]) * _MILLI + int(numeral["fraction"].ljust(3, "0"))
        return Token(DECIMAL, value, end), used
    text = numeral.group()
    value = int("".join(char for char in text if char.isdigit()))
    if not numeral["grouped"] and len(text) == 4 and 1900 <= value <= 2099:
        return Token(WORD, 0, end), used
    return Token(NUMBER, value, end), used


def _decimals(tokens: list[Token]) -> list[Token]:
    """A decimal and the thousand or million after it as one number ("2,2 тысячи": 2200); a
    decimal without one is no count ("1,5 km")."""
    if not any(token.kind == DECIMAL for token in tokens):
        return tokens
    out: list[Token] = []
    for token in tokens:
        if out and out[-1].kind == DECIMAL and token.kind in (NUMBER, VAGUE) and token.value in THOUSANDS:
            out[-1] = Token(NUMBER, out[-1].value * token.value // _MILLI, token.end)
        else:
            out.append(token)
    return [Token(WORD, 0, token.end) if token.kind == DECIMAL else token for token in out]


def _ages(tokens: list[Token]) -> list[Token]:
    """A number and the age word after it ("10 años", "35 річний") as an age: no count."""
    out: list[Token] = []
    for token in tokens:
        if token.kind == AGE and out and out[-1].kind == NUMBER:
            out[-1] = Token(AGE, 0, token.end)
        else:
            out.append(token if token.kind != AGE else Token(WORD, 0, token.end))
    return out


def _numbers_joined(tokens: list[Token]) -> list[Token]:
    """Adjacent number tokens (and `number_joiners` between them) read as one number."""
    out: list[Token] = []
    run: list[Token] = []
    for i, token in enumerate(tokens):
        if token.kind == NUMBER or (token.kind == VAGUE and token.value and run):
            run.append(token)
        elif token.kind == JOINER and run and i + 1 < len(tokens) and tokens[i + 1].kind == NUMBER:
            pass
        else:
            if run:
                out.append(_joined(run))
                run = []
            out.append(token)
    if run:
        out.append(_joined(run))
    return out


def _joined(run: list[Token]) -> Token:
    """A run of number tokens as one number, ending where its last word ends."""
    if len(run) == 1:
        return run[0]
    values = [token.value for token in run]
    return Token(NUMBER, _combine(values, [token.opens for token in run]), run[-1].end, run[0].opens)


def _combine(values: list[int], joined: list[bool] | None = None) -> int:
    """Numbers in a row as one: "двадцать пять" 25, "сто двадцать" 120, "deux cents" 200,
    "2 тысячи" 2000; a row that is no one number ("10 15": a dash-folded range) is its largest.
    A unit before tens written on with the conjunction و (`joined`: the token opens after it)
    is their sum, as Arabic counts: "خمسة وعشرون" 25, "مئة وثلاثة وعشرون" 123."""
    total, current = 0, 0
    for k, value in enumerate(values):
        if value == _HUNDRED:
            current = max(current, 1) * value
        elif value in THOUSANDS:
            total, current = total + max(current, 1) * value, 0
        elif current % 10 ** len(str(value)) == 0 or _unit_and_tens(current, value, joined, k):
            current += value
        else:
            return max(values)
    return total + current


def _unit_and_tens(current: int, value: int, joined: list[bool] | None, k: int) -> bool:
    """True for tens written on with "و" after a unit: "خمسة وعشرون"."""
    return joined is not None and joined[k] and value in _TENS and 0 < current % 100 < 10


def _ranges(tokens: list[Token]) -> list[Token]:
    """A range ("10 to 15", "от 10 до 15") as one number: its upper bound."""
    out: list[Token] = []
    for token in tokens:
        if token.kind == NUMBER and len(out) >= 2 and out[-1].kind == RANGE and out[-2].kind == NUMBER:
            out[-2:] = [Token(NUMBER, max(out[-2].value, token.value), token.end, out[-2].opens)]
        else:
            out.append(token)
    return out


def read_numbers(tokens: list[Token]) -> list[Token]:
    """The tokens with decimals scaled, number words joined, ages and ranges folded."""
    return _ranges(_ages(_numbers_joined(_decimals(tokens))))
