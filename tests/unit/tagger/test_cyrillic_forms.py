"""Russian and Ukrainian word forms and tolls the real-reporting round found read wrong.

Each case is a made-up sentence in the press style of the language, not a real excerpt:
Ukrainian feminine adjectives ("ракетну атаку") whose lemma is longer than the word, Russian
time cues whose stems are everyday words ("ранее" / "ранены"), a list of counts inside the
count's aside, a toll stated beside a firing the tagger settles away, and another tag's
distractor that must not block an armed clash.
"""

from __future__ import annotations

import pytest

from pipelines.tagger import MultilingualTagger
from pipelines.tagger.languages import load_language


@pytest.fixture(scope="module")
def multilingual() -> MultilingualTagger:
    """One tagger for the module; each language is built on its first use."""
    return MultilingualTagger()


@pytest.mark.unit
def test_ukrainian_feminine_adjective_forms_share_one_lemma() -> None:
    stem = load_language("uk").morphology.stem_phrase
    assert stem("ракетну атаку") == stem("ракетна атака") == stem("ракетною атакою")
    assert stem("бойову частину") == stem("бойової частини")


@pytest.mark.unit
def test_ukrainian_accusative_missile_attack_is_tagged(multilingual: MultilingualTagger) -> None:
    result = multilingual.tag("", "Уранці ворог здійснив ракетну атаку на Запоріжжя.", "uk").result
    assert result.tags == ["missile_attack"]


@pytest.mark.unit
def test_russian_time_cue_no_longer_shares_the_stem_of_wounded() -> None:
    stem = load_language("ru").morphology.stem_phrase
    assert stem("ранее") != stem("ранены")
    assert stem("годами") != stem("году")


@pytest.mark.unit
def test_a_list_of_counts_inside_the_aside_keeps_the_total(multilingual: MultilingualTagger) -> None:
    text = (
        "Щонайменше 40 цивільних, серед них 12 жінок, 9 дітей і 2 немовлят, загинули "
        "внаслідок обстрілу ринку."
    )
    assert multilingual.tag("", text, "uk").result.fatalities == 40


@pytest.mark.unit
def test_a_late_death_beside_a_settled_firing_is_the_toll(multilingual: MultilingualTagger) -> None:
    text = (
        "У Запоріжжі відомо про влучання російської ракети. Є постраждалий. Перед цим в області "
        "оголосили повітряну тривогу через загрозу удару балістичними ракетами. Про це повідомив "
        'голова ОВА. "Запорізький район. Ракетна атака. Попередньо, є постраждалий. Виникла '
        'пожежа. Деталі уточнюємо", - написав він. Пізніше він повідомив, що через ворожу атаку '
        "на район пошкоджені склад і вантажівка. Загинув чоловік."
    )
    assert multilingual.tag("", text, "uk").result.fatalities == 1


@pytest.mark.unit
def test_another_tags_distractor_does_not_block_a_clash_rule(multilingual: MultilingualTagger) -> None:
    # "обстреляли ... пост" is listed as no shelling; the attack on the post is still a clash
    text = (
        "В Дагестане обстреляли выездной пост сотрудников МВД и Росгвардии. Силовики открыли ответный огонь."
    )
    assert multilingual.tag("", text, "ru").result.tags == ["armed_clash"]
