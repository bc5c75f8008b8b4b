"""Look-alike letters: a visual skeleton and the alphabets a sign is written in.

``skeleton`` folds letters that look the same across Cyrillic, Latin and Greek to one Latin
letter, drops diacritics and reads 0 as o and 1 as l, so LUK0IL, LUKОIL (Cyrillic О) and LUKOIL
share one skeleton. It works on the normalised (case-folded) text; where the lower-case forms of
a pair differ (Н/H but н/h), the upper-case likeness wins because marks are mostly set in
capitals.

``scripts_of`` names the alphabets used; ``is_mixed_script`` flags a word that mixes them,
a sight signal on its own (an examiner notes "the alphabet used").
"""

from __future__ import annotations

import unicodedata

from marknet.text.normalize import normalize

__all__ = ["is_mixed_script", "scripts_of", "skeleton"]

_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "е": "e", "з": "3", "к": "k", "м": "m", "н": "h", "о": "o",
    "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "ў": "y", "х": "x", "ь": "b", "і": "i",
    "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m",
    "ν": "n", "ο": "o", "ρ": "p", "σ": "o", "τ": "t", "υ": "y", "χ": "x", "ω": "w", "ϲ": "c",
    "ά": "a", "έ": "e", "ή": "h", "ί": "i", "ό": "o", "ύ": "y", "ώ": "w",
    # Latin letters that pass as others, and digits used as letters
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "0": "o", "1": "l",
}


def _build_table() -> dict[int, str]:
    table = {ord(k): v for k, v in _LOOKALIKES.items()}
    # Latin letters with diacritics look like their base letter.
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        if cp in table or not ch.isalpha():
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii() and base != ch:
            table[cp] = base.lower()
    return table


_TABLE = _build_table()
SKELETON_TABLE = _TABLE

_RANGES = (
    (0x0041, 0x024F, "Latin"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x1C80, 0x1C8F, "Cyrillic"),
    (0xA640, 0xA69F, "Cyrillic"),
)


def skeleton(text: str) -> str:
    """Return the visual skeleton of *text* (normalised, look-alike letters folded)."""
    return normalize(text).translate(_TABLE)


def _script(ch: str) -> str:
    cp = ord(ch)
    for low, high, name in _RANGES:
        if low <= cp <= high:
            return name
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0].title() if name else "Unknown"


def scripts_of(text: str) -> set[str]:
    """Return the names of the alphabets whose letters occur in *text* (digits do not count)."""
    return {_script(ch) for ch in text if ch.isalpha()}


def is_mixed_script(text: str) -> bool:
    """True when one word of *text* mixes alphabets (a bilingual mark of two words is not)."""
    if text.isascii():
        return False
    return any(len(scripts_of(word)) > 1 for word in normalize(text).split())
