"""Meaning: the same idea, including in another language (СОЛНЦЕ = СОНЦА = SUN).

The lexicon ``data/meaning.tsv`` lists concepts common in marks with their Russian, Belarusian
and English words (and common forms). Russian and Belarusian words are also found by their loose
Latin form, so a transliterated word (SOLNTSE) has its meaning too. Meaning is only judged when
both signs contain known words: an invented word has no meaning to compare, which is not the same
as a different meaning.

Score: 0 for different known meanings; otherwise 0.6 + 0.4 x the share of the longer sign's
words that carry a shared meaning (one shared idea already counts, as the element that carries
the logical stress may be the only one).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from marknet.match.types import Criterion
from marknet.text import loose_latin, normalize

if TYPE_CHECKING:
    from marknet.match.sign import Sign

__all__ = ["Meaning", "find_meanings", "lexicon", "meaning"]

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


def meaning(a: Sign, b: Sign) -> Criterion | None:
    """Judge meaning from the concepts found in two signs; None when either has none."""
    a_meanings, b_meanings = a.meanings, b.meanings
    if not a_meanings or not b_meanings:
        return None
    shared = {m.concept for m in a_meanings} & {m.concept for m in b_meanings}
    if not shared:
        a_list = ", ".join(dict.fromkeys(m.word.upper() for m in a_meanings))
        b_list = ", ".join(dict.fromkeys(m.word.upper() for m in b_meanings))
        return Criterion(0.0, f"different meanings: {a_list} / {b_list}")
    covered = min(
        len({m.position for m in a_meanings if m.concept in shared}),
        len({m.position for m in b_meanings if m.concept in shared}),
    )
    score = min(1.0, 0.6 + 0.4 * covered / max(len(a.keys.tokens), len(b.keys.tokens), 1))
    pairs = []
    for concept in dict.fromkeys(m.concept for m in a_meanings if m.concept in shared):
        ma = next(m for m in a_meanings if m.concept == concept)
        mb = next(m for m in b_meanings if m.concept == concept)
        pairs.append(f"{ma.word.upper()} ({ma.lang}) = {mb.word.upper()} ({mb.lang})")
    return Criterion(score, "same meaning: " + ", ".join(dict.fromkeys(pairs)))
