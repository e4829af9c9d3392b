"""Death counts from reporting language: "killed 20 people", "the death toll rose to 40".

Only numbers tied to a killing verb or a toll phrase count, so dates, ages, buildings,
vehicles, the wounded and unit numbers never become fatalities. The reported figure is the
largest credible count in the article's conflict sentences; ranges count their upper bound;
cumulative war tolls ("since the war began") are left out. "Dozens" gives no number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19, "a dozen": 12, "dozen": 12}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUMBER = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?: (?:thousand|million))?|"
           rf"(?:{_WORD})(?: (?:{_WORD}))?(?: (?:hundred|thousand))?(?: (?:and )?(?:{_WORD}))?)")
_QUALIFIER = (r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|"
              r"an estimated|a total of|roughly|approximately|close to|at most|fewer than|"
              r"less than|a further|another) )?")
_RANGE = rf"(?:between )?(?P<n>{_NUMBER})\b(?:(?: to | and | or | )(?P<m>{_NUMBER})\b)?"
_NOT_A_COUNT = (r"(?! ?(?:%|percent|per cent|year|years|month|months|week|weeks|day|days|hour|"
                r"hours|minute|minutes|km|kilometres|kilometers|miles|metres|meters|storey|"
                r"january|february|march|april|may|june|july|august|september|october|"
                r"november|december|st|nd|rd|th|am|pm|bn|billion|buildings|homes|houses|"
                r"vehicles|tanks|trucks|times)\b)")
_GAP = (r"(?:(?!wounded|injured|hurt|arrested|detained|abducted|kidnapped|missing|displaced|"
        r"evacuated|rescued|freed|released)[a-z'’]+,? ){0,4}")
_PERSON = (r"(?:people|persons|person|civilians|civilian|soldiers|soldier|troops|fighters|"
           r"militants|rebels|insurgents|children|child|women|woman|men|man|boys|girls|"
           r"villagers|residents|members|policemen|officers|officer|workers|worker|patients|"
           r"worshippers|students|pupils|protesters|demonstrators|migrants|passengers|staff|"
           r"others|journalists|gunmen|palestinians|israelis|ukrainians|drivers|driver|"
           r"volunteers|volunteer|crew member|crew members|infants|babies|family|relatives|"
           r"companions|mourners|guards|recruits|jihadists|attackers|assailants|shoppers)")
_KILLED = (r"(?:killed|dead|died|slain|massacred|shot dead|executed|perished|"
           r"lost their lives|were killed|among the dead)")

_PATTERNS = [
    # "killed 20 people", "killing at least seven", "left 39 dead"
    re.compile(rf"\b(?:killed|killing|kills|kill|massacred|executed|left|leaving) {_QUALIFIER}"
               rf"{_RANGE}{_NOT_A_COUNT}(?P<tail> (?:[a-z']+ ){{0,2}}(?:{_PERSON}|dead))?"),
    # "20 people were killed", "at least 12 dead", "Twenty-nine Nigerien soldiers were killed"
    re.compile(rf"\b{_QUALIFIER}{_RANGE}{_NOT_A_COUNT} {_GAP}"
               rf"(?:{_PERSON} )?(?:(?:were|was|have been|had been|are|been|is|reported|"
               rf"confirmed|now) )?{_KILLED}\b"),
    # "the death toll rose to 56", "the number of people killed has risen to 21"
    re.compile(rf"\b(?:death toll|toll|number of (?:people |those )?(?:killed|dead))"
               rf"(?:[^.;]|\.(?! )){{0,90}}?\b(?:rose|risen|climbed|climbs|rises|reached|increased|jumped|"
               rf"hit|stands|stood|is|was|of|at|to) (?:to |at )?{_QUALIFIER}{_RANGE}"),
    # "40 deaths", "12 fatalities", "30 bodies"
    re.compile(rf"\b{_QUALIFIER}{_RANGE} (?:[a-z]+ )?(?:deaths|fatalities|bodies)\b"),
    # "killing a man", "one woman was killed"
    re.compile(rf"\b(?:killed|killing|kills) (?P<n>a|an|one) (?:[a-z]+ ){{0,2}}{_PERSON}\b"),
    re.compile(rf"\b(?P<n>a|an|one) (?:[a-z]+ ){{0,2}}{_PERSON} (?:was |has been )?"
               rf"(?:killed|shot dead|died)\b"),
]
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Cheap pre-check: a sentence without any of these words cannot state a death count.
_DEATH_WORD = re.compile(r"kill|dead|died|death|toll|slain|massacr|execut|perish|lost their "
                         r"lives|fatalit|bodies")


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
    values = []
    for group in ("n", "m"):
        raw = match.groupdict().get(group)
        if raw is None:
            continue
        if _YEAR.match(raw):
            return None
        values.append(parse_number(raw))
    values = [value for value in values if value]
    if not values:
        return None
    upper = max(values)
    return upper if upper >= min(values) else min(values)


def _ages_and_ordinals(sentence: str, match: re.Match[str]) -> bool:
    """True when the number is an age ("aged 12", "12 year old") rather than a count."""
    before = sentence[max(0, match.start("n") - 5):match.start("n")]
    return before.endswith(("aged ", "age ", "ages "))


def count_in_sentence(sentence: str) -> int | None:
    """Largest fatality count stated in one normalised (lowercase) sentence."""
    best: int | None = None
    if _DEATH_WORD.search(sentence) is None:
        return None
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if _ages_and_ordinals(sentence, match):
                continue
            value = _match_count(match)
            if value is not None and (best is None or value > best):
                best = value
    return best


def largest_count(sentences: Iterable[str], cumulative: re.Pattern[str] | None) -> int | None:
    """Largest count over the article's conflict sentences, skipping cumulative war tolls."""
    best: int | None = None
    for sentence in sentences:
        if cumulative is not None and cumulative.search(sentence):
            continue
        value = count_in_sentence(sentence)
        if value is not None and (best is None or value > best):
            best = value
    return best
