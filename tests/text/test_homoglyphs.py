"""skeleton / scripts_of / is_mixed_script: look-alike letters across alphabets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marknet.text import is_mixed_script, scripts_of, skeleton


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("LUKOIL", "LUK0IL"),
        ("LUKOIL", "LUKОIL"),  # Cyrillic О
        ("BEKAM", "ВЕКАМ"),  # all Cyrillic
        ("CHAPTEP", "СНАРТЕР"),
        ("TOYOTA", "ТОУОТА"),
        ("KOMPAS", "ΚΟΜΡΑS"),  # Greek
        ("Xerox", "Хегох"),
        ("MIX", "MІX"),  # Belarusian і
        ("Café", "Cafe"),
    ],
)
def test_lookalikes_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_different_letters_keep_different_skeletons() -> None:
    assert skeleton("LUKOIL") != skeleton("LUKAIL")
    assert skeleton("ЛУКОЙЛ") != skeleton("LUKOIL")


def test_scripts_of() -> None:
    assert scripts_of("LUKOIL") == {"Latin"}
    assert scripts_of("ЛУКОЙЛ 2000") == {"Cyrillic"}
    assert scripts_of("LUKОIL") == {"Latin", "Cyrillic"}
    assert scripts_of("ΚΟΜΡΑS") == {"Greek", "Latin"}
    assert scripts_of("123") == set()


def test_mixed_script_is_per_word() -> None:
    assert is_mixed_script("LUKОIL")
    assert not is_mixed_script("Savushkin Савушкин")
    assert not is_mixed_script("LUKOIL")


@given(st.text())
def test_skeleton_is_idempotent(text: str) -> None:
    once = skeleton(text)
    assert skeleton(once) == once
