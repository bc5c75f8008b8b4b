"""Containment: one sign inside the other, across scripts, weighted by what the shared words prove.

Words are compared by their loose Latin forms, so LUKOIL is found in ЛУКОЙЛ PREMIUM.

* the same words: 1.0, also across alphabets when a Latin sign's reading is the other's
  spelling (CHANEL read as ШАНЕЛЬ), and for inflected forms of the same words (Тверская /
  Тверские, CATS / CAT: ``marknet.text.stem``);
* the shorter sign's words as a run inside the longer sign: 0.8 + 0.2 x (share of the longer
  sign's words);
* the shorter sign inside a word of the other (LUKOILPRO): 0.6 x (its share of the letters,
  at least 0.5), when at least REST letters are left over: FOLDER is not OLDER plus an F.

The last two are weighted by how distinctive the shorter sign's words are (its most distinctive
word, ``marknet.text.distinctiveness``): 0.5 + 0.5 x distinctiveness, so a mark sharing only
PARK or BANK with another is a weak conflict and one sharing a coined word a strong one.
Short signs count less: every score is scaled by min(1, letters / 4), as a two-letter sign is
"contained" in many unrelated marks.
"""

from __future__ import annotations

from marknet.match.sign import Sign
from marknet.match.types import Criterion
from marknet.text import distinctiveness, loose_latin, stem

__all__ = ["REST", "containment", "same_stems", "word_weight"]

_FULL_LENGTH = 4
REST = 3
# Inflected forms share their beginning; only signs that do are stemmed.
_STEM_PREFIX = 4


def _run_inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    size = len(short)
    return any(long[i : i + size] == short for i in range(len(long) - size + 1))


def same_stems(words_a: tuple[str, ...], words_b: tuple[str, ...], compact_a: str,
               compact_b: str) -> bool:
    """True when two signs are the same words in other inflected forms (normalised words)."""
    head = min(_STEM_PREFIX, len(compact_a), len(compact_b))
    if len(words_a) != len(words_b) or compact_a[:head] != compact_b[:head]:
        return False
    return all(loose_latin(stem(x)) == loose_latin(stem(y))
               for x, y in zip(words_a, words_b, strict=True))


def word_weight(words: tuple[str, ...]) -> float:
    """0.5 + 0.5 x the distinctiveness of the most distinctive of normalised *words*."""
    return 0.5 + 0.5 * max((distinctiveness(w) for w in words), default=1.0)


def containment(a: Sign, b: Sign) -> Criterion:
    """Judge whether one of *a*, *b* contains the other (see the module docstring)."""
    short, long = sorted((a, b), key=lambda s: (len(s.latin_tokens), len(s.variants[0]), s.text))
    compact_short, compact_long = short.variants[0], long.variants[0]
    if not compact_short:
        return Criterion.coded(0.0, "contains_nothing")
    scale = min(1.0, len(compact_short) / _FULL_LENGTH)
    if short.latin_tokens == long.latin_tokens:
        return Criterion.coded(scale, "contains_same_words", a=a.display, b=b.display)
    if a.cyrillic != b.cyrillic and set(a.variants) & set(b.variants):
        latin, cyrillic = (a, b) if b.cyrillic else (b, a)
        return Criterion.coded(scale, "contains_same_reading", a=a.display, b=b.display,
                               latin=latin.display, reading=cyrillic.display)
    if same_stems(short.keys.tokens, long.keys.tokens, compact_short, compact_long):
        return Criterion.coded(scale, "contains_inflected", a=a.display, b=b.display)
    weight = word_weight(short.keys.tokens)
    if _run_inside(short.latin_tokens, long.latin_tokens):
        share = len(short.latin_tokens) / len(long.latin_tokens)
        return Criterion.coded((0.8 + 0.2 * share) * scale * weight, "contains_run",
                               a=short.display, b=long.display)
    if compact_short in compact_long and len(compact_long) - len(compact_short) >= REST:
        share = max(0.5, len(compact_short) / len(compact_long))
        return Criterion.coded(0.6 * share * scale * weight, "contains_word",
                               a=short.display, b=long.display)
    return Criterion.coded(0.0, "contains_neither")
