"""The stem view and its squeezed text come from one pass, and match as the view itself would."""

from __future__ import annotations

import pytest

from pipelines.tagger.lexicon import FILLER, PhraseMatcher, normalise, squeeze
from pipelines.tagger.morphology import morphology_for

STEMMERS = [("french", "fr"), ("russian", "ru"), ("simplemma", "uk"), ("arabic", "ar")]
# spacing, line breaks, punctuation stuck to words, clitics and Arabic-Indic digits, a word
# repeated (the second time it comes from the cache), a text without spaces
TEXTS = [
    "Des frappes aériennes  ont tué 12 civils (AFP),\n\nà Alep. Frappes aériennes !",
    "  Российские войска обстреляли Харьков:   погибли семеро, обстреляли снова ",
    "Обстріли Харкова: загинули п'ятеро людей.\nОбстріли тривають",
    "قُتل ٢٠ شخصاً بالقصف والغارات على حلب، وحلب بالقصف",
    "обстрелы,обстрелов;бомбардировки",
    "",
    " ",
]


@pytest.mark.unit
@pytest.mark.parametrize(("stemmer", "code"), STEMMERS, ids=[code for _, code in STEMMERS])
def test_the_squeezed_text_is_the_view_without_its_padding(stemmer: str, code: str) -> None:
    morphology = morphology_for(stemmer, code)
    for text in TEXTS:
        for source, (view, squeezed) in (
            (normalise(text), morphology.views(normalise(text))),
            (text, morphology.proper_views(text)),
        ):
            assert len(view) == len(source)
            if squeezed is None:  # nothing padded: the view is matched as it is
                assert FILLER not in view
            else:
                assert squeezed == squeeze(view), (code, text)
            assert view == (morphology.view(source) if source is not text else morphology.proper_view(text))


@pytest.mark.unit
def test_a_text_holding_the_filler_itself_is_squeezed_by_the_matcher() -> None:
    russian = morphology_for("russian", "ru")
    text = normalise(f"обстрелов{FILLER} и обстрела")
    view, squeezed = russian.views(text)
    assert squeezed is None and view == russian.view(text)
    matcher = PhraseMatcher()
    matcher.add([russian.stem_phrase("обстрел")], "strong", "shelling")
    matcher.compile()
    assert [(h.start, h.end) for h in matcher.find_all(view)] == [(0, 7), (13, 20)]


@pytest.mark.unit
@pytest.mark.parametrize(("stemmer", "code"), STEMMERS, ids=[code for _, code in STEMMERS])
def test_matching_through_the_squeezed_text_finds_the_hits_the_view_gives(stemmer: str, code: str) -> None:
    morphology = morphology_for(stemmer, code)
    matcher = PhraseMatcher()
    for phrase in ("frappe aérienne", "обстрел", "погибнуть", "обстріл", "قصف", "غارات", "حلب"):
        matcher.add([morphology.stem_phrase(phrase)], "strong", phrase)
    matcher.compile()
    for text in TEXTS:
        view, squeezed = morphology.views(normalise(text))
        ends = [len(text) // 2, len(text)]
        assert matcher.find_all(view, squeezed) == matcher.find_all(view)
        assert matcher.scan(view, ends, squeezed) == matcher.scan(view, ends)


@pytest.mark.unit
def test_a_word_kept_as_written_matches_only_itself() -> None:
    # Snowball Spanish folds "refugio" (a shelter) onto "refugiados" (refugees): kept as written,
    # the shelter no longer matches the refugees, while every other word is still stemmed
    plain = morphology_for("spanish", "es")
    kept = morphology_for("spanish", "es", ["refugio", "Refugiarse"])
    assert plain.stem_phrase("refugio") == plain.stem_phrase("refugiados")
    assert kept.stem_phrase("refugio") == "refugio" != kept.stem_phrase("refugiados")
    assert kept.stem_phrase("intentaron refugiarse") == "intent refugiarse"
    assert kept.stem_phrase("los refugiados") == plain.stem_phrase("los refugiados")
    matcher = PhraseMatcher()
    matcher.add([kept.stem_phrase("refugiados")], "weak", "displacement")
    matcher.compile()
    view = kept.view(normalise("Buscaron un refugio; los refugiados huyeron."))
    assert [view[h.start : h.end].replace(FILLER, "") for h in matcher.find_all(view)] == ["refugi"]
