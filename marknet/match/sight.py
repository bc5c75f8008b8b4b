"""Sight: do the two signs look alike?

The score is the Indel similarity of the visual skeletons (``marknet.text.skeleton``: letters
that look the same in Cyrillic, Latin and Greek folded together, 0 read as O), mapped from
FLOOR..1 to 0..1. Across alphabets (one sign Cyrillic, the other not) the signs are also put in
one script: the best Indel similarity of their loose Latin forms (a Latin sign's Cyrillic
readings included) counts when higher, as LUKOIL and ЛУКОЙЛ look alike once written in one
alphabet, and the reason says so. The reason notes look-alike letters (same skeleton, different
letters), a word that mixes alphabets (the alphabet used is itself a sight feature), or
different alphabets.
"""

from __future__ import annotations

from rapidfuzz.distance import Indel

from marknet.match.sign import Sign
from marknet.match.types import Criterion, clamp

__all__ = ["FLOOR", "sight"]

FLOOR = 0.4
_ALIKE = 0.8
_SIMILAR = 0.5


def _transliterated(a: Sign, b: Sign) -> float:
    """Best Indel similarity of the two signs' loose Latin forms (readings included)."""
    if a.cyrillic == b.cyrillic or not a.variants[0] or not b.variants[0]:
        return 0.0
    return max(Indel.normalized_similarity(x, y) for x in a.variants for y in b.variants)


def sight(a: Sign, b: Sign) -> Criterion:
    """Compare how *a* and *b* look (see the module docstring)."""
    if not a.skeleton or not b.skeleton:
        return Criterion.coded(0.0, "sight_nothing")
    similarity = Indel.normalized_similarity(a.skeleton, b.skeleton)
    across = _transliterated(a, b)
    score = clamp((max(similarity, across) - FLOOR) / (1.0 - FLOOR))
    verdict = ("sight_alike" if score >= _ALIKE
               else "sight_similar" if score >= _SIMILAR else "sight_different")
    notes: list[tuple[str, dict[str, str]]] = []
    if a.skeleton == b.skeleton and a.keys.normalized != b.keys.normalized:
        notes.append(("note_lookalike", {}))
    mixed = [sign.display for sign in (a, b) if sign.mixed]
    if mixed:
        notes.append(("note_mixed", {"a": " and ".join(dict.fromkeys(mixed))}))
    elif a.scripts != b.scripts and a.scripts and b.scripts:
        notes.append(("note_alphabets", {"a": _names(a), "b": _names(b)}))
    if across > similarity and score >= _SIMILAR:
        notes.append(("note_one_alphabet", {}))
    return Criterion.coded(score, verdict, a=a.display, b=b.display, notes=tuple(notes))


def _names(sign: Sign) -> str:
    return "+".join(sorted(sign.scripts))
