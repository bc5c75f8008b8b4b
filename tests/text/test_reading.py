"""cyrillic_readings / latin_forms: reading names across scripts."""

from __future__ import annotations

import pytest

from marknet.text import cyrillic_readings, latin_forms
from marknet.text.reading import _PROFILES


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Schweppes", "швепс"),
        ("Peugeot", "пежо"),
        ("Hyundai", "хендай"),
        ("Michelin", "мишлен"),
        ("Nescafe", "нескафе"),
        ("Coca-Cola", "кока кола"),
        ("Microsoft", "майкрософт"),
        ("Savushkin", "савушкин"),
        ("Aeroflot", "аэрофлот"),
        ("Sberbank", "сбербанк"),
        ("Belavia", "белавиа"),
        ("Alenka", "аленка"),
        ("Minsk", "минск"),
        ("Lukoyl", "лукойл"),
        ("Krynitsa", "крыница"),
        ("Renault", "рено"),
        ("Danone", "данон"),
        ("Colgate", "колгейт"),
        ("Chevrolet", "шевроле"),
        ("Schwarzkopf", "шварцкопф"),
        ("Zhiguli", "жигули"),
    ],
)
def test_reading_found(latin: str, cyrillic: str) -> None:
    assert cyrillic in cyrillic_readings(latin)


@pytest.mark.parametrize(
    ("profile", "latin", "cyrillic"),
    [
        # The rules, not the exceptions table, produce these.
        ("fr", "peugeot", "пежо"),
        ("fr", "michelin", "мишлен"),
        ("fr", "renault", "рено"),
        ("en", "microsoft", "майкрософт"),
        ("en", "coca", "кока"),
        ("en", "schweppes", "швепс"),
        ("literal", "savushkin", "савушкин"),
        ("literal", "nescafe", "нескафе"),
        ("literal", "aeroflot", "аэрофлот"),
        ("de", "schwarzkopf", "шварцкопф"),
        ("de", "weiss", "вайсс"),
    ],
)
def test_rules_cover_the_general_case(profile: str, latin: str, cyrillic: str) -> None:
    assert _PROFILES[profile].read(latin) == cyrillic


def test_readings_are_few_and_unique() -> None:
    readings = cyrillic_readings("Hyundai Motor")
    assert readings[0] == "хендай мотор"
    assert len(readings) == len(set(readings)) <= 8
    assert cyrillic_readings("") == []


def test_cyrillic_words_pass_through() -> None:
    assert cyrillic_readings("Savushkin продукт")[0] == "савушкин продукт"


def test_latin_forms_russian() -> None:
    forms = latin_forms("ЛУКОЙЛ")
    assert "lukoil" in forms
    assert "lukoyl" in forms
    assert len(forms) == len(set(forms))


def test_latin_forms_belarusian() -> None:
    forms = latin_forms("Савушкін")
    assert forms[0] == "savushkin"
    assert all(not any("\u0400" <= ch <= "\u04ff" for ch in form) for form in forms)


def test_latin_forms_of_latin_text() -> None:
    assert latin_forms("LUKOIL") == ["lukoil"]
    assert latin_forms("") == []
