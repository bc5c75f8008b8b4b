"""containment: one sign inside the other, across scripts."""

from __future__ import annotations

from marknet.match import containment, prepare_sign


def test_whole_word_inside() -> None:
    criterion = containment(prepare_sign("LUKOIL"), prepare_sign("LUKOIL PREMIUM"))
    assert criterion.score == 0.9
    assert criterion.reason == "contains: LUKOIL in LUKOIL PREMIUM"


def test_across_scripts() -> None:
    criterion = containment(prepare_sign("ЛУКОЙЛ ПРЕМИУМ"), prepare_sign("Lukoil"))
    assert criterion.score == 0.9
    assert criterion.reason == "contains: LUKOIL in ЛУКОЙЛ ПРЕМИУМ"


def test_same_words() -> None:
    assert containment(prepare_sign("Кока-Кола"), prepare_sign("Coca Cola")).score == 1.0


def test_inside_a_word_counts_less() -> None:
    criterion = containment(prepare_sign("LUKOIL"), prepare_sign("LUKOILPRO"))
    assert 0.3 < criterion.score < 0.9
    assert criterion.reason.startswith("contains within a word")


def test_short_signs_count_less() -> None:
    assert containment(prepare_sign("AB"), prepare_sign("AB CAFE")).score < 0.5


def test_unrelated() -> None:
    criterion = containment(prepare_sign("Milka"), prepare_sign("Bosch"))
    assert criterion.score == 0.0
