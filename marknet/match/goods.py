"""Goods and services: same Nice class, related classes, shared terms.

* a shared class: 1.0, or 0.9 when both sides list terms and none is shared (the class guides
  but does not decide);
* related classes (``data/related_classes.tsv``, each relation with its score and reason, e.g.
  32~33 beverages, 35 retail for goods classes 1-34): the best relation's score;
* shared terms: 0.9 x the overlap coefficient of the normalised term words (stop words and
  words under three letters left out), which finds similar goods listed in different classes.

The best of these counts. No goods on either side: the criterion is absent (None), not zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marknet.match.types import Criterion
from marknet.text import normalize

__all__ = ["Goods", "goods", "related_classes"]

_DATA = Path(__file__).with_name("data") / "related_classes.tsv"
_STOP = frozenset((
    "and", "for", "the", "with", "from", "other", "than", "not", "being", "all", "kinds", "made",
    "use", "included", "parts", "thereof", "для", "или", "изделия", "из", "прочие", "все", "виды",
    "том", "числе", "на", "не", "по",
))
_MIN_WORD = 3
_SAME_CLASS_NO_TERMS = 0.9
_TERM_WEIGHT = 0.9


@dataclass(frozen=True, slots=True)
class Goods:
    """The goods and services of a sign: Nice classes and, optionally, the listed terms."""

    classes: frozenset[int]
    terms: tuple[str, ...] = ()


def _classes(spec: str) -> range:
    low, _, high = spec.partition("-")
    return range(int(low), int(high or low) + 1)


@cache
def related_classes() -> dict[tuple[int, int], tuple[float, str]]:
    """Return (lower class, higher class) -> (score, reason), read once from the data file."""
    table: dict[tuple[int, int], tuple[float, str]] = {}
    for line in _DATA.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        first, second, score, reason = line.split("\t")
        for x in _classes(first):
            for y in _classes(second):
                if x != y:
                    table[(min(x, y), max(x, y))] = (float(score), reason)
    return table


def _term_words(terms: tuple[str, ...]) -> frozenset[str]:
    words = (word for term in terms for word in normalize(term).split())
    return frozenset(w for w in words if len(w) >= _MIN_WORD and w not in _STOP)


def _by_class(a: Goods, b: Goods) -> Criterion:
    same = sorted(a.classes & b.classes)
    if same:
        label = f"same class {same[0]}" if len(same) == 1 else f"same classes {same}"
        return Criterion(1.0, label)
    table = related_classes()
    best: tuple[float, int, int, str] = (0.0, 0, 0, "")
    for x in a.classes:
        for y in b.classes:
            score, reason = table.get((min(x, y), max(x, y)), (0.0, ""))
            if score > best[0]:
                best = (score, x, y, reason)
    score, x, y, reason = best
    if score:
        return Criterion(score, f"related classes {min(x, y)}~{max(x, y)}: {reason}")
    return Criterion(0.0, f"unrelated classes {sorted(a.classes)} / {sorted(b.classes)}")


def goods(a: Goods | None, b: Goods | None) -> Criterion | None:
    """Compare the goods of two signs (see the module docstring)."""
    if a is None or b is None or not (a.classes or a.terms) or not (b.classes or b.terms):
        return None
    by_class = _by_class(a, b)
    words_a, words_b = _term_words(a.terms), _term_words(b.terms)
    if not words_a or not words_b:
        return by_class
    shared = words_a & words_b
    if by_class.score == 1.0 and not shared:
        return Criterion(_SAME_CLASS_NO_TERMS, f"{by_class.reason}; no shared terms")
    by_terms = _TERM_WEIGHT * len(shared) / min(len(words_a), len(words_b))
    if by_terms > by_class.score:
        return Criterion(by_terms, f"shared terms: {', '.join(sorted(shared)[:5])}")
    return by_class
