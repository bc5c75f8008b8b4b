"""Containment: one sign inside the other, across scripts.

Words are compared by their loose Latin forms, so LUKOIL is found in ЛУКОЙЛ PREMIUM.

* the same words: 1.0, also across alphabets when a Latin sign's reading is the other's
  spelling (CHANEL read as ШАНЕЛЬ);
* the shorter sign's words as a run inside the longer sign: 0.8 + 0.2 x (share of the longer
  sign's words);
* the shorter sign inside a word of the other (LUKOILPRO): 0.6 x (its share of the letters,
  at least 0.5), when at least REST letters are left over: FOLDER is not OLDER plus an F.

Short signs count less: every score is scaled by min(1, letters / 4), as a two-letter sign is
"contained" in many unrelated marks.
"""

from __future__ import annotations

from marknet.match.sign import Sign
from marknet.match.types import Criterion

__all__ = ["REST", "containment"]

_FULL_LENGTH = 4
REST = 3


def _run_inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    size = len(short)
    return any(long[i : i + size] == short for i in range(len(long) - size + 1))


def containment(a: Sign, b: Sign) -> Criterion:
    """Judge whether one of *a*, *b* contains the other (see the module docstring)."""
    short, long = sorted((a, b), key=lambda s: (len(s.latin_tokens), len(s.variants[0]), s.text))
    compact_short, compact_long = short.variants[0], long.variants[0]
    if not compact_short:
        return Criterion(0.0, "nothing to contain")
    scale = min(1.0, len(compact_short) / _FULL_LENGTH)
    if short.latin_tokens == long.latin_tokens:
        return Criterion(scale, f"same words: {a.display} = {b.display}")
    if a.cyrillic != b.cyrillic and set(a.variants) & set(b.variants):
        latin = a if b.cyrillic else b
        return Criterion(scale, f"same words: {a.display} = {b.display} "
                                f"({latin.display} read as {(b if b.cyrillic else a).display})")
    if _run_inside(short.latin_tokens, long.latin_tokens):
        share = len(short.latin_tokens) / len(long.latin_tokens)
        return Criterion((0.8 + 0.2 * share) * scale,
                         f"contains: {short.display} in {long.display}")
    if compact_short in compact_long and len(compact_long) - len(compact_short) >= REST:
        share = max(0.5, len(compact_short) / len(compact_long))
        return Criterion(0.6 * share * scale,
                         f"contains within a word: {short.display} in {long.display}")
    return Criterion(0.0, "neither contains the other")
