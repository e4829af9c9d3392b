"""How a death count finds its verb in the six lexicons' languages: model names are no counts,
a clause's subject reaches its verb over an aside, a coordinated clause keeps its own count,
number words match as written and clock times are no counts."""

from __future__ import annotations

import pytest

from pipelines.tagger.death_counts import LexiconTolls
from pipelines.tagger.languages import load_language
from pipelines.tagger.lexicon import normalise


def _count(code: str, text: str) -> int | None:
    """The sentence's death count as the tagger reads it (stem view, surface, as written)."""
    language = load_language(code)
    surface = normalise(text)
    return LexiconTolls(language).count(language.morphology.view(surface), surface, text)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("code", "text", "count"),
    [
        ("fr", "Des missiles tirés depuis des bombardiers Tu-95 ont fait cinq morts.", 5),
        ("fr", "Les bombardiers Tu-95 ont frappé, deux morts.", 2),
        ("ru", "Су-34 сбит, погибли оба летчика МиГ-29.", None),
        ("es", "Un dron Shahed-136 mató a 3 personas.", 3),
    ],
)
def test_a_number_hyphenated_to_a_name_is_a_model_not_a_count(
    code: str, text: str, count: int | None
) -> None:
    assert _count(code, text) == count


@pytest.mark.unit
@pytest.mark.parametrize(
    ("code", "text", "count"),
    [
        ("es", "Al menos 80 combatientes del grupo paramilitar Fuerzas de Apoyo Rápido (FAR) murieron.", 80),
        ("fr", "Au moins huit personnes, dont quatre enfants, ont été tuées mardi à Alep.", 8),
    ],
)
def test_a_count_opening_its_clause_reaches_its_verb_over_an_aside(code: str, text: str, count: int) -> None:
    assert _count(code, text) == count


@pytest.mark.unit
@pytest.mark.parametrize(
    ("code", "text", "count"),
    [
        ("es", "Al menos seis personas murieron y más de 700 han sido detenidas en Venezuela.", 6),
        ("ar", "ارتفعت الحصيلة إلى أربعة قتلى وثلاثين جريحاً.", 4),
        ("ar", "أعلنت الوزارة مقتل شخص واحد على الأقل وإصابة كثر.", 1),
    ],
)
def test_a_coordinated_clause_keeps_its_own_count(code: str, text: str, count: int) -> None:
    assert _count(code, text) == count


@pytest.mark.unit
@pytest.mark.parametrize(
    "text", ["قتلت فتاة وأصيب ثلاثة آخرون في قصف على البلدة.", "أدى القصف إلى مقتل فتاة وإصابة أمها."]
)
def test_an_arabic_victim_whose_first_letter_looks_like_a_clitic_counts_as_one(text: str) -> None:
    assert _count("ar", text) == 1


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "count"),
    [
        # "عشرة" (ten) stems as "عشرات" (tens, no number) does
        ("أسفر القصف عن مقتل عشرة مدنيين.", 10),
        # a unit before its tens, joined by و
        ("قتل خمسة وعشرون شخصا في الغارات.", 25),
        ("ارتفع عدد القتلى إلى مئة وثلاثة وعشرين.", 123),
        # the dual of a noun in ة
        ("قتلت امرأتان في القصف على الحي.", 2),
        ("راح ضحية الهجوم أربعة مدنيين.", 4),
        # victims are the killed and the wounded together
        ("أعلنت الوزارة سقوط 12 ضحية بينهم 4 قتلى.", 4),
    ],
)
def test_arabic_counts_read_as_the_press_writes_them(text: str, count: int) -> None:
    assert _count("ar", text) == count


@pytest.mark.unit
def test_number_words_match_as_written_not_by_stem() -> None:
    assert _count("ru", "Выражаем соболезнования семье погибшего.") is None
    assert _count("ru", "Погибли семь человек.") == 7


@pytest.mark.unit
def test_a_clock_time_is_no_count() -> None:
    assert _count("uk", "Близько 8:30 у ДСНС інформували про 6 загиблих.") == 6


@pytest.mark.unit
def test_a_death_phrase_of_five_words_before_its_number_counts() -> None:
    assert _count("es", "Un bombardeo acabó con la vida de al menos 28 personas.") == 28
