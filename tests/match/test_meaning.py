"""meaning: the same idea in Russian, Belarusian and English."""

from __future__ import annotations

import pytest

from marknet.match import find_meanings, lexicon, meaning, prepare_sign


def test_lexicon_is_big_and_trilingual() -> None:
    concepts = {concept for entries in lexicon().values() for concept, _ in entries}
    assert len(concepts) >= 300
    langs = {lang for entries in lexicon().values() for _, lang in entries}
    assert langs == {"ru", "be", "en"}


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("Солнце", "Sun", "same meaning: СОЛНЦЕ (ru) = SUN (en)"),
        ("Сонца", "Солнце", "same meaning: СОНЦА (be) = СОЛНЦЕ (ru)"),
        ("Криница", "Spring", "same meaning: КРИНИЦА (ru) = SPRING (en)"),
        ("Крыніца", "Родник", "same meaning: КРЫНІЦА (be) = РОДНИК (ru)"),
        ("Зубр", "Bison", "same meaning: ЗУБР (ru) = BISON (en)"),
        ("Золотой медведь", "Golden Bear",
         "same meaning: ЗОЛОТОЙ (ru) = GOLDEN (en), МЕДВЕДЬ (ru) = BEAR (en)"),
        ("Solntse", "Sun", "same meaning: SOLNTSE (ru) = SUN (en)"),
    ],
)
def test_same_meaning(a: str, b: str, reason: str) -> None:
    criterion = meaning(prepare_sign(a), prepare_sign(b))
    assert criterion is not None
    assert criterion.score >= 0.6
    assert criterion.reason == reason


def test_full_translation_scores_higher_than_partial() -> None:
    full = meaning(prepare_sign("Золотой медведь"), prepare_sign("Golden Bear"))
    partial = meaning(prepare_sign("Золотой медведь"), prepare_sign("Golden Eagle"))
    assert full is not None
    assert partial is not None
    assert full.score == 1.0
    assert 0.6 <= partial.score < full.score


def test_different_meanings_score_zero() -> None:
    criterion = meaning(prepare_sign("Wolf"), prepare_sign("Мёд"))
    assert criterion is not None
    assert criterion.score == 0.0
    assert criterion.reason == "different meanings: WOLF / МЕД"


def test_invented_words_have_no_meaning_to_compare() -> None:
    assert meaning(prepare_sign("Lukoil"), prepare_sign("Sun")) is None


def test_phrases_are_found() -> None:
    found = find_meanings(("mineral", "water", "sun"))
    assert [m.concept for m in found] == ["mineral_water", "sun"]
