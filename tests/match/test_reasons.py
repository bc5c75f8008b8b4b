"""Reasons in the examiner's language: one template per code and language, no internal keys."""

from __future__ import annotations

import re

import pytest

from marknet.errors import InputError
from marknet.match import Goods, compare, prepare_sign
from marknet.match.reasons import LANGS, codes, render

PAIRS = [("LUKOIL", "ЛУКОЙЛ"), ("Криница", "Крыніца"), ("Schweppes", "Швепс"),
         ("Тверская", "Тверские"), ("Q PARK", "PARK"), ("LUK0IL", "LUKОIL"), ("Солнце", "SUN"),
         ("Лука", "LUKOIL"), ("", "X")]


def test_sound_cites_the_forms_and_how_they_are_said() -> None:
    sound = compare(prepare_sign("ЛУКОЙЛ"), prepare_sign("LUKOIL")).why["sound"]
    assert sound.code == "sound_alike"
    assert sound.text("ru") == "ЛУКОЙЛ и LUKOIL произносятся одинаково: [лукойл]"
    assert sound.text("be") == "ЛУКОЙЛ і LUKOIL вымаўляюцца аднолькава: [лукойл]"
    assert sound.text("en") == sound.reason == "sounds alike: ЛУКОЙЛ ~ LUKOIL [лукойл]"


def test_sight_names_the_alphabets_in_the_language() -> None:
    sight = compare(prepare_sign("LUKOIL"), prepare_sign("ЛУКОЙЛ")).why["sight"]
    assert "латиница / кириллица" in sight.text("ru")
    assert "лацінка / кірыліца" in sight.text("be")
    assert "сравнение в одном алфавите через транслитерацию" in sight.text("ru")


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_every_reason_has_a_code_and_every_language(a: str, b: str) -> None:
    result = compare(prepare_sign(a), prepare_sign(b), Goods(frozenset({30}), ("чай",)),
                     Goods(frozenset({30, 32}), ("tea", "beer")))
    for name, criterion in result.why.items():
        assert criterion.code in codes(), name
        for lang in LANGS:
            text = criterion.text(lang)
            assert text
            assert "{" not in text
            # No engine's key: phonetic keys are lower-case Latin runs like "lakal".
            assert "phonetic key" not in text
            assert not re.search(r"\bkey\b", text)


def test_goods_reasons_in_russian() -> None:
    goods = compare(prepare_sign("A"), prepare_sign("A"), Goods(frozenset({4}), ("моторное "
                                                                                 "топливо",)),
                    Goods(frozenset({4}), ("fuel",))).why["goods"]
    assert goods.code == "goods_same_class"
    assert goods.text("ru") == ("тот же класс МКТУ 4; сходные позиции перечня: "
                                "моторное топливо ~ fuel")


def test_an_unknown_language_is_refused_by_name() -> None:
    with pytest.raises(InputError, match="no reasons in language 'de'; known: en, ru, be"):
        render("sound_alike", {"a": "A", "b": "B", "said": "[а]"}, "de")


def test_every_code_has_all_three_languages() -> None:
    for code in codes():
        for lang in LANGS:
            assert render(code, {"a": "A", "b": "B", "said": "", "pairs": "", "classes": "1",
                                 "x": "1", "y": "2", "relation": "r", "latin": "A",
                                 "reading": "А", "goods": "g", "terms": ("terms_alike", {"a": "tea",
                                                                           "b": "чай"})}, lang)
