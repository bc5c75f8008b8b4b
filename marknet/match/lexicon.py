"""The meaning lexicon: concepts common in marks, with their Russian, Belarusian and English
words (``data/meaning.tsv``), and the concepts a sign's words carry.

Russian and Belarusian words are also found by their loose Latin form, so a transliterated word
(SOLNTSE) has its meaning too. ``sign`` reads the meanings of every sign it prepares; ``meaning``
compares two signs' meanings.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

from marknet.text import loose_latin, normalize

__all__ = ["Meaning", "find_meanings", "lexicon"]

_DATA = Path(__file__).with_name("data") / "meaning.tsv"
_LANGS = ("ru", "be", "en")
_MAX_PHRASE = 3
# Loose Latin keys shorter than this collide with unrelated Latin words (сад -> "sad").
_MIN_LOOSE = 4


class Meaning(NamedTuple):
    """A concept found in a sign: which concept, in which language, from which word, where."""

    concept: str
    lang: str
    word: str
    position: int


@cache
def lexicon() -> dict[str, tuple[tuple[str, str], ...]]:
    """Return normalised word or phrase -> ((concept, language), ...), read once."""
    found: dict[str, dict[tuple[str, str], None]] = {}
    for line in _DATA.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        concept, *cells = line.split("\t")
        for lang, cell in zip(_LANGS, cells, strict=True):
            for word in cell.split("|"):
                key = normalize(word)
                found.setdefault(key, {})[(concept, lang)] = None
                loose = loose_latin(key)
                if lang != "en" and len(loose) >= _MIN_LOOSE and loose != key:
                    found.setdefault(loose, {})[(concept, lang)] = None
    return {key: tuple(entries) for key, entries in found.items()}


def find_meanings(words: tuple[str, ...]) -> tuple[Meaning, ...]:
    """Return the concepts of normalised *words*, longest phrase first, left to right."""
    lex = lexicon()
    found: list[Meaning] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            entries = lex.get(phrase) or lex.get(loose_latin(phrase))
            if entries:
                found.extend(Meaning(c, lang, phrase, i) for c, lang in entries)
                i += size
                break
        else:
            i += 1
    return tuple(found)
