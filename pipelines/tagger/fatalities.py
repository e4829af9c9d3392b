"""Death counts from reporting language: "killed 20 people", "the death toll rose to 40".

Only numbers tied to a killing verb or a toll phrase count, so dates, ages, buildings,
vehicles, the wounded and unit numbers never become fatalities. The reported figure is the
largest credible count in the article's conflict sentences; ranges count their upper bound;
cumulative war tolls ("since the war began") are left out. "Dozens" gives no number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "a dozen": 12,
    "dozen": 12,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?: (?:thousand|million))?|"
    rf"(?:{_WORD})(?: (?:{_WORD}))?(?: (?:hundred|thousand)(?: (?:and )?(?:{_WORD}))?)?)"
)
_QUALIFIER = (
    r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|"
    r"an estimated|a total of|roughly|approximately|close to|at most|fewer than|"
    r"less than|a further|another) )?"
)
_RANGE_CORE = rf"(?P<n>{_NUMBER})\b(?:(?: to | and | or | )(?P<m>{_NUMBER})\b)?"
_RANGE = rf"(?:between )?{_RANGE_CORE}"
_NOT_A_COUNT = (
    r"(?! ?(?:%|percent|per cent|year|years|month|months|week|weeks|day|days|hour|"
    r"hours|minute|minutes|km|kilometres|kilometers|miles|metres|meters|storey|"
    r"january|february|march|april|may|june|july|august|september|october|"
    r"november|december|st|nd|rd|th|am|pm|bn|billion|buildings|homes|houses|"
    r"vehicles|tanks|trucks|times)\b)"
)
# words between a count and its verb, never another count: "two children were among three
# people killed" is three
_GAP = (
    r"(?:(?!wounded|injured|hurt|arrested|detained|abducted|kidnapped|missing|displaced|"
    rf"evacuated|rescued|freed|released|(?:{_WORD})\b)[a-z'’]+,? ){{0,6}}"
)
# the victims counted inside the count: "80 people, including 30 children and 20 women, were
# killed", "six people, three of them children, had died"
_INCLUDING = r"(?:, (?:including [^,.;]{1,60}|[a-z]+ of them [^,.;]{1,40}),)?"
_PERSON = (
    r"(?:people|persons|person|civilians|civilian|soldiers|soldier|troops|fighters|"
    r"militants|rebels|insurgents|children|child|women|woman|men|man|boys|girls|"
    r"villagers|residents|members|policemen|officers|officer|workers|worker|patients|"
    r"worshippers|students|pupils|protesters|demonstrators|migrants|passengers|staff|"
    r"others|journalists|gunmen|palestinians|israelis|ukrainians|drivers|driver|"
    r"volunteers|volunteer|crew member|crew members|infants|babies|family|relatives|"
    r"companions|mourners|guards|recruits|jihadists|attackers|assailants|shoppers)"
)
_KILLED = (
    r"(?:killed|dead|died|slain|massacred|martyred|neutralized|neutralised|shot dead|executed|"
    r"perished|beheaded|lost their lives|were killed|among the dead)"
)

# How each pattern is searched. Python's regex engine tries a pattern at every word of a
# sentence, and patterns opening with an optional qualifier and a number alternation cost
# most of the tagging time that way. So: a sentence with no number skips the number patterns;
# patterns opening with the count ("20 people were killed") are matched only where a number
# starts (the qualifier before it changes nothing); "a man was killed" only in a short window
# before each killing word. The matches, and so the counts, are those of a full search.
_AT_VERBS, _AT_NUMBERS, _AT_TOLLS, _BEFORE_CLOSE = "verbs", "numbers", "tolls", "close"
_NUMBER_START = re.compile(rf"(?<!\w)(?:\d|{_WORD})")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
# the words that bound a spelled-out count; the tagger's phrase matcher finds them too
NUMBER_WORDS = {word: value for word, value in [*_UNITS.items(), *_TENS.items()] if " " not in word}
SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6}
_SPELLED = re.compile(rf"(?<![a-z])(?:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})(?![a-z])")
# the verbs that open "killed 20 people", "neutralised 40 terrorists", "left 39 dead"
_KILLING_VERB = (
    r"(?:killed|killing|kills|kill|massacred|executed|beheaded|beheading|left|leaving|"
    r"neutralized|neutralised|neutralizes|neutralises|neutralizing|neutralising)"
)
_VERB_START = re.compile(rf"\b{_KILLING_VERB} ")
_TOLL_START = re.compile(r"\b(?:death toll|toll|number of|deaths of)")
_KILLED_END = re.compile(r"\b(?:killed|shot dead|died|fatal|fatally)\b")
# one person dying of wounds: "the 35-year-old driver ... receiving fatal injuries"
_SINGLE = (
    r"(?:man|woman|boy|girl|child|civilian|soldier|driver|resident|policeman|officer|worker|"
    r"teenager|pensioner|journalist|farmer|fisherman|shepherd|motorist|passenger|volunteer)"
)
_FATAL = (
    r"(?:(?:receiving|received|sustained|suffered|sustaining|suffering) fatal (?:injuries|wounds)|"
    r"(?:was |has been |had been )?fatally (?:wounded|injured|shot|hurt))"
)
_REACH = 120  # characters before the killing word: "a", two words, a person noun, "has been"
_TAIL = 10  # characters after it: "fatal" and "injuries", "fatally" and "wounded"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # "killed 20 people", "killing at least seven", "left 39 dead"
    (
        re.compile(
            rf"\b{_KILLING_VERB} "
            rf"{_QUALIFIER}"
            rf"{_RANGE}{_NOT_A_COUNT}(?P<tail> (?:[a-z']+ ){{0,2}}(?:{_PERSON}|dead))?"
        ),
        _AT_VERBS,
    ),
    # "20 people were killed", "at least 12 dead", "Twenty-nine Nigerien soldiers were killed"
    (
        re.compile(
            rf"{_RANGE_CORE}{_NOT_A_COUNT} {_GAP}"
            rf"(?:{_PERSON}{_INCLUDING} )?(?:(?:were|was|have been|had been|are|been|is|reported|"
            rf"confirmed|now|had|has|have) )?{_KILLED}\b"
        ),
        _AT_NUMBERS,
    ),
    # "the death toll rose to 56", "the number of people killed has risen to 21"
    (
        re.compile(
            rf"\b(?:death toll|toll|number of (?:people |those )?(?:killed|dead))"
            rf"(?:[^.;]|\.(?! )|(?<![a-z][a-z])\.){{0,90}}?\b(?:rose|risen|climbed|climbs|rises|reached|"
            rf"increased|jumped|hit|stands|stood|is|was|of|at|to) (?:to |at )?{_QUALIFIER}"
            rf"{_RANGE}"
        ),
        _AT_TOLLS,
    ),
    # "40 deaths", "12 fatalities", "30 bodies"
    (re.compile(rf"{_RANGE_CORE} (?:[a-z]+ )?(?:deaths|fatalities|bodies)\b"), _AT_NUMBERS),
    # "caused the deaths of five people"
    (
        re.compile(rf"\bdeaths of {_QUALIFIER}{_RANGE}{_NOT_A_COUNT} (?:[a-z]+ ){{0,2}}{_PERSON}\b"),
        _AT_TOLLS,
    ),
    # "killing a man", "one woman was killed"
    (re.compile(rf"\b(?:killed|killing|kills) (?P<n>a|an|one) (?:[a-z]+ ){{0,2}}{_PERSON}\b"), _AT_VERBS),
    (
        re.compile(
            rf"\b(?P<n>a|an|one) (?:[a-z]+ ){{0,2}}{_PERSON} (?:was |has been )?"
            rf"(?:killed|shot dead|died)\b"
        ),
        _BEFORE_CLOSE,
    ),
    # "a man was fatally wounded", "the 35-year-old driver ... receiving fatal injuries": one
    (
        re.compile(
            rf"\b(?P<n>a|an|one|the) (?:[a-z0-9'’]+ ){{0,3}}(?P<single>{_SINGLE}) "
            rf"(?:[a-z]+ ){{0,4}}{_FATAL}\b"
        ),
        _BEFORE_CLOSE,
    ),
    # "seven out of the family's 10 children were killed": the part, not the whole
    (
        re.compile(
            rf"{_RANGE_CORE} out of (?:[a-z'’]+ ){{0,4}}{_NUMBER} (?:[a-z'’]+ ){{0,2}}"
            rf"(?:(?:were|was|have been|had been|are) )?{_KILLED}\b"
        ),
        _AT_NUMBERS,
    ),
]
_NEEDS_NUMBER = frozenset({0, 1, 2, 3, 4})
# Whole words one of the patterns needs; the tagger's phrase matcher finds them, so only
# sentences holding one are searched with the (costly) patterns above.
DEATH_WORDS = (
    "kill",
    "kills",
    "killed",
    "killing",
    "dead",
    "died",
    "slain",
    "massacred",
    "martyred",
    "neutralized",
    "neutralised",
    "executed",
    "beheaded",
    "beheading",
    "perished",
    "lost their lives",
    "toll",
    "tolls",
    "deaths",
    "fatalities",
    "bodies",
    "fatal injuries",
    "fatal wounds",
    "fatally",
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# the whole a part is counted out of: "seven out of the family's 10 children"
_WHOLE = re.compile(r"\bout of (?:[\w'’]+ ){0,4}$")
_WHOLE_REACH = 50  # characters before a number that can hold "out of" and its words
# Cheap pre-check: a sentence without any of these words cannot state a death count.
_DEATH_WORD = re.compile(
    r"kill|dead|died|death|toll|slain|massacr|martyr|neutrali|execut|behead|perish|lost their "
    r"lives|fatal|bodies"
)


def parse_number(words: str) -> int | None:
    """Turn "1,200", "twenty nine", "a dozen", "2.5 thousand" or "one hundred" into an int."""
    words = words.strip()
    if words in ("a", "an"):
        return 1
    if words[0].isdigit():
        head, _, scale = words.partition(" ")
        value = float(head.replace(",", ""))
        return int(value * {"thousand": 1000, "million": 1_000_000}.get(scale, 1))
    total, current = 0, 0
    for word in words.replace(" and ", " ").split(" "):
        if word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if word == "thousand":
                total, current = total + current, 0
        elif word in _TENS:
            current += _TENS[word]
        elif word in _UNITS:
            current += _UNITS[word]
    return (total + current) or None


def _match_count(match: re.Match[str]) -> int | None:
    """The count a pattern match reports (upper bound of a range), or None if not credible."""
    if match.groupdict().get("single"):
        return 1
    values: list[int] = []
    for group in ("n", "m"):
        raw = match.groupdict().get(group)
        if raw is None:
            continue
        if _YEAR.match(raw):
            return None
        value = parse_number(raw)
        if value:
            values.append(value)
    if not values:
        return None
    upper = max(values)
    return upper if upper >= min(values) else min(values)


def _ages_and_ordinals(sentence: str, match: re.Match[str]) -> bool:
    """True when the number is an age ("aged 12", "12 year old") rather than a count, or the
    whole the killed were counted out of ("seven out of the family's 10 children were killed")."""
    before = sentence[max(0, match.start("n") - _WHOLE_REACH) : match.start("n")]
    return before.endswith(("aged ", "age ", "ages ")) or _WHOLE.search(before) is not None


def _at_starts(sentence: str, pattern: re.Pattern[str], starts: list[int]) -> Iterator[re.Match[str]]:
    """Non-overlapping matches at the given starts, left to right (what finditer would find)."""
    reached = 0
    for start in starts:
        if start < reached:
            continue
        match = pattern.match(sentence, start)
        if match is not None:
            reached = match.end()
            yield match


def _before_close(sentence: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches found in a short window before each killing word, each reported once."""
    seen: set[tuple[int, int]] = set()
    for close in _KILLED_END.finditer(sentence):
        end = min(len(sentence), close.end() + _TAIL)
        for match in pattern.finditer(sentence, max(0, close.start() - _REACH), end):
            if match.span() not in seen:
                seen.add(match.span())
                yield match


def _matches(sentence: str) -> Iterator[re.Match[str]]:
    """Every match of every pattern in the sentence, each searched the cheapest way."""
    numbers = [match.start() for match in _NUMBER_START.finditer(sentence)]
    starts = {
        _AT_NUMBERS: numbers,
        _AT_VERBS: [match.start() for match in _VERB_START.finditer(sentence)],
        _AT_TOLLS: [match.start() for match in _TOLL_START.finditer(sentence)] if numbers else [],
    }
    for number, (pattern, how) in enumerate(_PATTERNS):
        if number in _NEEDS_NUMBER and not numbers:
            continue
        if how == _BEFORE_CLOSE:
            yield from _before_close(sentence, pattern)
        else:
            yield from _at_starts(sentence, pattern, starts[how])


def count_in_sentence(sentence: str) -> int | None:
    """Largest fatality count stated in one normalised (lowercase) sentence."""
    best: int | None = None
    if _DEATH_WORD.search(sentence) is None:
        return None
    for match in _matches(sentence):
        if _ages_and_ordinals(sentence, match):
            continue
        value = _match_count(match)
        if value is not None and (best is None or value > best):
            best = value
    return best


def upper_bound(sentence: str, spelled: int, scale: int) -> int:
    """No count read from the sentence can exceed this (computed without any pattern search).

    `spelled`: the sum of the sentence's number words, which bounds any spelled-out count;
    `scale`: the product of its scale words ("two hundred thousand"); "a man" counts one.
    """
    digits = max((float(token.replace(",", "")) for token in _DIGITS.findall(sentence)), default=0.0)
    return int(max(digits, spelled, 1) * scale) + 1


def _upper_bound(sentence: str) -> int:
    """`upper_bound` with the number and scale words found by regex (no phrase-matcher hits)."""
    scale = 1
    for word, factor in SCALE_WORDS.items():
        if word in sentence:
            scale *= factor
    return upper_bound(sentence, sum(NUMBER_WORDS[word] for word in _SPELLED.findall(sentence)), scale)


def largest_count(
    sentences: Sequence[str], cumulative: re.Pattern[str] | None, bounds: Sequence[int] | None = None
) -> int | None:
    """Largest count over the article's conflict sentences, skipping cumulative war tolls.

    Sentences are read in order of their largest number, and reading stops once no remaining
    sentence could beat the count found: the result is exact, the pattern search rarer.
    `bounds`: each sentence's `upper_bound`, when the caller's phrase matcher has the words.
    """
    if bounds is None:
        bounds = [_upper_bound(sentence) for sentence in sentences]
    ranked = sorted(
        (
            (bound, sentence)
            for bound, sentence in zip(bounds, sentences, strict=True)
            if cumulative is None or not cumulative.search(sentence)
        ),
        key=lambda item: -item[0],
    )
    best: int | None = None
    for bound, sentence in ranked:
        if best is not None and bound <= best:
            break
        value = count_in_sentence(sentence)
        if value is not None and (best is None or value > best):
            best = value
    return best
