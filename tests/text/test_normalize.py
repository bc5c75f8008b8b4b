"""normalize / tokens: canonical spelling of verbal elements."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marknet.text import normalize, tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Coca-Cola®", "coca cola"),
        ("ЛУКОЙЛ", "лукойл"),
        ("Алёнка", "аленка"),
        ("Вераб'ёвічы", "верабевічы"),
        ("LUK\u200bOIL", "lukoil"),
        ("замо́к", "замок"),
        ("McDonald’s 🍔 Café", "mcdonalds café"),
        ("Ｆｕｌｌ　Ｗｉｄｔｈ", "full width"),
        ("  Savushkin —  продукт  ", "savushkin продукт"),
        ("Straße", "strasse"),
        ("A_B\tC\nD", "a b c d"),
        ("7 Days", "7 days"),
        ("", ""),
    ],
)
def test_normalize_examples(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_tokens_split_words_of_any_script() -> None:
    assert tokens("Беловежская пуща / Belovezhskaya-Pushcha") == [
        "беловежская", "пуща", "belovezhskaya", "pushcha",
    ]


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_normalize_has_single_spaces_only(text: str) -> None:
    out = normalize(text)
    assert "  " not in out
    assert out == out.strip()
