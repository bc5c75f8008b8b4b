"""sound: phonetic similarity across scripts, with readings of Latin names."""

from __future__ import annotations

import pytest

from marknet.match import prepare_sign, sound


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ЛУКОЙЛ", "LUKOIL"),
        ("Maikrosoft", "Microsoft"),
        ("Майкрософт", "Microsoft"),
        ("Кока-Кола", "Coca-Cola"),
        ("Нескафе", "Nescafe"),
        ("Швепс", "Schweppes"),
        ("Пежо", "Peugeot"),
        ("Хендай", "Hyundai"),
        ("Мишлен", "Michelin"),
        ("Аэрофлот", "Aeroflot"),
        ("Сбербанк", "Sberbank"),
        ("Белавиа", "Belavia"),
        ("Алёнка", "Alenka"),
        ("Мінск", "Minsk"),
        ("Савушкін", "Savushkin"),
        ("Криница", "Крыніца"),
    ],
)
def test_sounds_alike(a: str, b: str) -> None:
    criterion = sound(prepare_sign(a), prepare_sign(b))
    assert criterion.score >= 0.8, criterion.reason
    assert criterion.reason.startswith("sounds alike")


def test_reason_names_the_reading_and_key() -> None:
    reason = sound(prepare_sign("Пежо"), prepare_sign("Peugeot")).reason
    assert reason == "sounds alike: ПЕЖО ~ PEUGEOT [пежо] (PEUGEOT read as ПЕЖО)"
    reason = sound(prepare_sign("Maikrosoft"), prepare_sign("Microsoft")).reason
    assert reason.startswith("sounds alike: MAIKROSOFT ~ MICROSOFT")


@pytest.mark.parametrize(("a", "b"), [("Milka", "Bosch"), ("Apple", "Orange"), ("Зубр", "Bison")])
def test_unrelated_sound_different(a: str, b: str) -> None:
    criterion = sound(prepare_sign(a), prepare_sign(b))
    assert criterion.score < 0.3, criterion.reason


def test_syllable_difference_is_reported() -> None:
    reason = sound(prepare_sign("Лукойл"), prepare_sign("Лукойлино")).reason
    assert "2 vs 4 syllables" in reason


def test_nothing_to_pronounce() -> None:
    assert sound(prepare_sign("!!!"), prepare_sign("LUKOIL")).score == 0.0
