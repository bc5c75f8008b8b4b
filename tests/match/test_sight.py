"""sight: look-alike letters and the alphabet used."""

from __future__ import annotations

from marknet.match import prepare_sign, sight


def test_digit_for_letter() -> None:
    criterion = sight(prepare_sign("LUK0IL"), prepare_sign("LUKOIL"))
    assert criterion.score == 1.0
    assert criterion.reason == "looks alike: LUK0IL ~ LUKOIL (look-alike letters)"


def test_mixed_alphabet_is_flagged() -> None:
    criterion = sight(prepare_sign("LUKОIL"), prepare_sign("LUKOIL"))  # Cyrillic О
    assert criterion.score == 1.0
    assert "look-alike letters" in criterion.reason
    assert "mixed alphabets in LUKОIL" in criterion.reason


def test_all_cyrillic_lookalike_of_latin() -> None:
    criterion = sight(prepare_sign("ТОУОТА"), prepare_sign("TOYOTA"))
    assert criterion.score == 1.0


def test_a_transliteration_looks_alike_once_in_one_alphabet() -> None:
    criterion = sight(prepare_sign("ЛУКОЙЛ"), prepare_sign("LUKOIL"))
    assert criterion.score == 1.0
    assert "different alphabets: Cyrillic / Latin" in criterion.reason
    assert "through transliteration" in criterion.reason


def test_a_reading_counts_across_alphabets() -> None:
    # Schweppes read as Швепс: the same letters once in one alphabet.
    assert sight(prepare_sign("Schweppes"), prepare_sign("Швепс")).score == 1.0


def test_different_names_in_different_alphabets_look_different() -> None:
    criterion = sight(prepare_sign("ЛУКОЙЛ"), prepare_sign("MILKA"))
    assert criterion.score < 0.5
    assert "through transliteration" not in criterion.reason


def test_one_letter_off_looks_similar() -> None:
    assert sight(prepare_sign("LUKOIL"), prepare_sign("LUKOIR")).score >= 0.5
