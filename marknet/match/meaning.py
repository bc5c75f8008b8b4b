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

from marknet.match.sign import Sign
from marknet.match.types import Criterion

__all__ = ["meaning"]


def meaning(a: Sign, b: Sign) -> Criterion | None:
    """Judge meaning from the concepts found in two signs; None when either has none."""
    a_meanings, b_meanings = a.meanings, b.meanings
    if not a_meanings or not b_meanings:
        return None
    shared = {m.concept for m in a_meanings} & {m.concept for m in b_meanings}
    if not shared:
        a_list = ", ".join(dict.fromkeys(m.word.upper() for m in a_meanings))
        b_list = ", ".join(dict.fromkeys(m.word.upper() for m in b_meanings))
        return Criterion.coded(0.0, "meaning_different", a=a_list, b=b_list)
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
    return Criterion.coded(score, "meaning_same", pairs=", ".join(dict.fromkeys(pairs)))
