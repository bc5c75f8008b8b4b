"""Goods and services: compared by meaning over the Nice classification's terms, then classes.

Each listed term becomes a set of English word stems: normalised words, stop words and words
under three letters left out; Russian words turned into their English ones
(``data/goods_ru_en.tsv``, by lemma and stem, so every inflected form counts: «моторное
топливо» ~ "motor fuel"); words naming the same goods brought to one name
(``data/goods_synonyms.tsv``: automobile = car, spectacles = eyeglasses, mixer ~ chopper);
then Snowball-stemmed (computers = computer). Two terms are as alike as the IDF-weighted Dice
coefficient of their stems, the weights from the Nice classification's 9,915 terms, so a shared
"computer" counts and a shared "apparatus" or "services" barely (computers ~ installation and
repair of computers, across classes 9 and 37). The best pair of terms gives T.

* both sides give terms: in a shared class 0.55 + 0.45 x T (the class guides but does not
  decide); otherwise the better of the related classes' score x (0.6 + 0.4 x T) and 0.85 x T;
* one side gives classes only: a shared class 1.0; related classes (``data/related_classes.tsv``,
  each with its score and reason, e.g. 32~33 beverages, 35 retail for goods classes 1-34): the
  best relation's score; else 0.

No goods on either side: the criterion is absent (None), not zero.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from marknet.match.types import Criterion
from marknet.model.codelists import nice_class, nice_terms
from marknet.text import normalize, snowball, stem

__all__ = ["Goods", "goods", "related_classes", "term_similarity"]

_DATA = Path(__file__).with_name("data")
_STOP = frozenset((
    "and", "for", "the", "with", "from", "other", "than", "not", "being", "all", "kinds", "made",
    "use", "included", "parts", "thereof", "such", "these", "into", "using", "its", "their",
    "для", "или", "изделия", "из", "прочие", "все", "виды", "том", "числе", "на", "не", "по",
))
_MIN_WORD = 3
_SAME_CLASS_BASE = 0.55
_RELATED_BASE = 0.6
_CROSS_CLASS = 0.85
_ALIKE, _RELATED = 0.6, 0.3


@dataclass(frozen=True, slots=True)
class Goods:
    """The goods and services of a sign: Nice classes and, optionally, the listed terms."""

    classes: frozenset[int]
    terms: tuple[str, ...] = ()


def _classes(spec: str) -> range:
    low, _, high = spec.partition("-")
    return range(int(low), int(high or low) + 1)


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in (_DATA / name).read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@cache
def related_classes() -> dict[tuple[int, int], tuple[float, str]]:
    """Return (lower class, higher class) -> (score, reason), read once from the data file."""
    table: dict[tuple[int, int], tuple[float, str]] = {}
    for first, second, score, reason in _rows("related_classes.tsv"):
        for x in _classes(first):
            for y in _classes(second):
                if x != y:
                    table[(min(x, y), max(x, y))] = (float(score), reason)
    return table


@cache
def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _rows("goods_synonyms.tsv"):
        name = snowball(group[0], "english")
        for word in group:
            table.setdefault(snowball(word, "english"), name)
    return table


@cache
def _russian() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for russian, english in _rows("goods_ru_en.tsv"):
        key = stem(normalize(russian))
        table[key] = table.get(key, ()) + tuple(english.split())
    return table


def _english(word: str) -> tuple[str, ...]:
    if not any("\u0400" <= ch <= "\u04ff" for ch in word):
        return (word,)
    return _russian().get(stem(word), (word,))


@lru_cache(maxsize=20_000)
def _stems(term: str) -> frozenset[str]:
    synonyms = _synonyms()
    stems = set()
    for word in normalize(term).split():
        if word in _STOP:
            continue
        for english in _english(word):
            if len(english) >= _MIN_WORD and english not in _STOP:
                stemmed = snowball(english, "english")
                stems.add(synonyms.get(stemmed, stemmed))
    return frozenset(stems)


@cache
def _idf() -> tuple[dict[str, float], float]:
    counts: Counter[str] = Counter()
    documents = 0
    for number in range(1, 46):
        texts = [t.term for t in nice_terms(number)] + nice_class(number).heading.split(";")
        for text in texts:
            counts.update(_stems(text))
            documents += 1
    return ({stem: math.log(documents / n) for stem, n in counts.items()},
            math.log(documents))


def term_similarity(a: str, b: str) -> float:
    """How alike two goods/services terms are, 0..1 (see the module docstring)."""
    stems_a, stems_b = _stems(a), _stems(b)
    if not stems_a or not stems_b:
        return 0.0
    idf, rare = _idf()
    shared = sum(idf.get(s, rare) for s in stems_a & stems_b)
    total = sum(idf.get(s, rare) for s in stems_a) + sum(idf.get(s, rare) for s in stems_b)
    return 2 * shared / total if total else 0.0


def _by_class(a: Goods, b: Goods, terms: tuple[str, dict[str, str]] | None = None,
              scale: float = 1.0) -> Criterion:
    same = sorted(a.classes & b.classes)
    if same:
        if len(same) == 1:
            return Criterion.coded(scale, "goods_same_class", classes=str(same[0]), terms=terms)
        return Criterion.coded(scale, "goods_same_classes",
                               classes=", ".join(map(str, same)), terms=terms)
    table = related_classes()
    best: tuple[float, int, int, str] = (0.0, 0, 0, "")
    for x in a.classes:
        for y in b.classes:
            score, reason = table.get((min(x, y), max(x, y)), (0.0, ""))
            if score > best[0]:
                best = (score, x, y, reason)
    score, x, y, reason = best
    if score:
        return Criterion.coded(score * scale, "goods_related", x=str(min(x, y)),
                               y=str(max(x, y)), relation=reason, terms=terms)
    return Criterion.coded(0.0, "goods_unrelated", a=", ".join(map(str, sorted(a.classes))),
                           b=", ".join(map(str, sorted(b.classes))))


def goods(a: Goods | None, b: Goods | None) -> Criterion | None:
    """Compare the goods of two signs (see the module docstring)."""
    if a is None or b is None or not (a.classes or a.terms) or not (b.classes or b.terms):
        return None
    if not a.terms or not b.terms:
        return _by_class(a, b)
    similarity, term_a, term_b = max((term_similarity(x, y), x, y)
                                     for x in a.terms for y in b.terms)
    level = ("terms_alike" if similarity >= _ALIKE
             else "terms_related" if similarity >= _RELATED else "terms_different")
    terms = (level, {"a": term_a, "b": term_b})
    if a.classes & b.classes:
        return _by_class(a, b, terms, _SAME_CLASS_BASE + (1.0 - _SAME_CLASS_BASE) * similarity)
    related = _by_class(a, b, terms, _RELATED_BASE + (1.0 - _RELATED_BASE) * similarity)
    across = _CROSS_CLASS * similarity
    if across >= related.score:
        return Criterion.coded(across, "goods_terms", terms=terms)
    return related
