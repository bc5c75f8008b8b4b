"""Candidate generation: a few hundred names worth scoring, out of hundreds of thousands.

Scoring every name costs ~0.3 s per query at a million marks; the criteria only give a high
score to names that share something countable with the query, so candidates are drawn from
inverted indexes, the trigram postings counted in compiled loops (``kernels``) and the small
ones with numpy:

* sound: Dice overlap of padded trigrams of the loose Latin forms, over every pronunciation
  (a Latin name's Cyrillic readings included), of the phonetic keys (rarest grams only), and
  the very same phonetic key;
* sight: Dice overlap of trigrams of the look-alike skeleton;
* containment: names holding every query word, or whose every word is in the query;
* meaning: names sharing a concept of the meaning lexicon with the query.

Each source keeps its best few (``Budget``); the union goes to the exact scorer. Most rows
share a single gram with the query and cannot rank: rows sharing two or more are scored
first, and the single-gram rows only when those do not provably fill the source's quota.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from marknet.search.columns import Postings, gram_set, token_code
from marknet.search.kernels import dice_rows
from marknet.search.scoring import QuerySign
from marknet.search.segment import Segment

__all__ = ["Budget", "candidates", "dice_names"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
Ids = npt.NDArray[np.integer]

# A name whose grams all occur in the query (a word of a longer sign) competes at this weight;
# below this many grams the share says little.
_INSIDE_WEIGHT = 0.8
_INSIDE_MIN_GRAMS = 5
_HIT_CAP = 30_000
# Phonetic keys have a small alphabet (every vowel is "a"), so their grams are common.
_PHON_CAP = 10_000
# Below this many postings sorting counts them faster than a dense count over every name.
_SORT_BELOW = 4_000


@dataclass(frozen=True, slots=True)
class Budget:
    """How many names each source may contribute.

    ``dice`` is the pool of the trigram sources together, each name scored exactly after.
    Fewer is faster but finds less: at a million marks, recall@10 against exhaustive scoring
    over 150 of the benchmark's queries is 0.987 with 400 names and 0.980 with 300 (0.3 ms
    less per query).
    """

    dice: int = 400
    words: int = 120
    concepts: int = 60


@dataclass(frozen=True, slots=True)
class _Grams:
    """The pooled distinct trigram codes of some query strings, and their mean gram count."""

    codes: I64
    average: float

    @classmethod
    def of(cls, strings: Sequence[str]) -> _Grams | None:
        per_text = [gram_set(t) for t in dict.fromkeys(strings) if t]
        if not per_text:
            return None
        codes = set().union(*per_text)
        return cls(np.fromiter(codes, np.int64, len(codes)),
                   sum(len(c) for c in per_text) / len(per_text))

    def single_bound(self) -> float:
        """The best score a row sharing one gram can reach (own = 1, or own = 5 inside)."""
        return max(2.0 * min(1.0, self.average) / (self.average + 1.0),
                   _INSIDE_WEIGHT / _INSIDE_MIN_GRAMS)


@dataclass(slots=True)
class _Pool:
    """(name, score) pairs gathered from the sources, and the score a name needs to rank.

    ``floor`` rises whenever one source alone gives ``count`` distinct names at least that
    good: the final top ``count`` cannot hold a name below it, so later sources skip such rows.
    """

    count: int
    allowed: Mask | None
    floor: float = -np.inf
    names: list[Ids] = field(default_factory=list)
    scores: list[F64] = field(default_factory=list)

    def add(self, names: Ids, scores: F64, distinct: bool) -> None:
        """Add allowed names; *distinct* ones (no name twice, the best of their source) may
        raise the floor."""
        self.names.append(names)
        self.scores.append(scores)
        if distinct and len(scores) >= self.count:
            self.floor = max(self.floor, float(scores.min()))

    def top(self) -> I64:
        if not self.names:
            return np.zeros(0, np.int64)
        names = np.concatenate(self.names)
        return _top(names, np.concatenate(self.scores), self.count).astype(np.int64)


def _dice(post: Postings, grams: _Grams, cap: int, keep: int, into: _Pool,
          to_name: npt.NDArray[np.int32] | None = None) -> None:
    """Add the *keep* best (name, overlap score) of rows sharing padded trigrams with the query.

    The rarest grams are taken first, up to *cap* postings (``Postings.spans``), and counted
    in one compiled pass (``kernels.dice_rows``); *to_name* maps rows to names when the
    postings are over variant rows.
    """
    starts, sizes = post.spans(grams.codes, cap)
    if not len(starts):
        return
    names, scores = dice_rows(post.rows, starts, sizes, post.row_grams, to_name, into.allowed,
                              grams.average, grams.single_bound(), _INSIDE_WEIGHT,
                              _INSIDE_MIN_GRAMS, into.floor, keep)
    into.add(names, scores, to_name is None and keep == into.count)


def _top(names: Ids, scores: F64, count: int) -> Ids:
    """The *count* distinct names of best score (each name counts at its best), any order."""
    if len(names) <= count:
        return np.unique(names)
    take = 2 * count
    while True:
        if len(names) > take:
            picked = np.argpartition(-scores, take - 1)[:take]
            some, values = names[picked], scores[picked]
        else:
            some, values = names, scores
        some = some[np.argsort(-values, kind="stable")]
        _, first = np.unique(some, return_index=True)
        if len(first) >= count or len(some) == len(names):
            return some[np.sort(first)[:count]]
        take *= 4  # one name came through many pronunciations: look further


def dice_names(q: QuerySign, seg: Segment, allowed: Mask | None, count: int,
               sources: tuple[str, ...] = ("latin", "phon", "skel")) -> I64:
    """The *count* names with the best trigram overlap in any of *sources*."""
    sign = q.sign
    into = _Pool(count, allowed)
    # Name-level postings first: they raise the floor the row-level ones are cut at. Rows
    # of one name (its pronunciations) share a source's quota: those keep twice as many.
    latin = _Grams.of(sign.variants) if "latin" in sources else None
    if latin is not None:
        _dice(seg.post_latin, latin, _HIT_CAP, count, into)
    skel = _Grams.of([sign.skeleton]) if "skel" in sources else None
    if skel is not None:
        _dice(seg.post_skel, skel, _HIT_CAP, count, into)
    if latin is not None and sign.cyrillic:  # a Cyrillic query meets Latin names' readings
        _dice(seg.post_read, latin, _HIT_CAP, 2 * count, into, seg.row_name)
    phon = _Grams.of(sign.phonetics) if "phon" in sources else None
    if phon is not None:
        _dice(seg.post_phon, phon, _PHON_CAP, 2 * count, into, seg.row_name)
        _same_key(q, seg, into)
    return into.top()


def _same_key(q: QuerySign, seg: Segment, into: _Pool) -> None:
    """Names with the very same phonetic key: the surest sign of "sounds alike"."""
    codes = np.asarray([token_code(p) for p in set(q.sign.phonetics) if p], np.int64)
    names = seg.row_name.take(seg.post_pkey.lookup(codes, _HIT_CAP))
    if into.allowed is not None:
        names = names.take(np.flatnonzero(into.allowed.take(names)))
    into.add(names, np.ones(len(names)), False)


def _distinct(hits: Ids, size: int) -> tuple[Ids, Ids]:
    """The distinct values of *hits* (each below *size*) and how often each occurs."""
    if len(hits) < _SORT_BELOW:
        return np.unique(hits, return_counts=True)
    counts = np.bincount(hits, minlength=size)
    at = np.arange(len(hits))
    counts_of = counts.take(hits)
    counts[hits] = at  # of the positions written for a value one lands, and only it reads back
    at = np.flatnonzero(counts.take(hits) == at)
    return hits.take(at), counts_of.take(at)


def _word_names(q: QuerySign, seg: Segment, allowed: Mask | None, count: int) -> I64:
    words = {w for w in q.sign.latin_tokens if w}
    if not words:
        return np.zeros(0, np.int64)
    codes = np.asarray([token_code(w) for w in words], np.int64)
    hits = seg.post_tok.lookup(codes)
    if not len(hits):
        return np.zeros(0, np.int64)
    names, counts = _distinct(hits, len(seg.names))
    name_words = seg.post_tok.row_grams[names]
    inside = (counts == len(words)) | (counts == name_words)
    names, counts, name_words = names[inside].astype(np.int64), counts[inside], name_words[inside]
    if allowed is not None:
        ok = allowed[names]
        names, name_words = names[ok], name_words[ok]
    # Closest in length first: the containment score favours a larger share of the words.
    closeness = -np.abs(name_words.astype(np.float64) - len(words))
    return _top(names, closeness, count).astype(np.int64)


def _concept_names(q: QuerySign, seg: Segment, allowed: Mask | None, count: int) -> I64:
    if not q.concepts or not len(seg.concept_ids):
        return np.zeros(0, np.int64)
    hit = np.zeros(len(seg.concept_ids), bool)
    for concept in q.concepts:  # a few concepts: one comparison each beats np.isin's sort
        hit |= seg.concept_ids == concept
    at = np.flatnonzero(hit)
    names = np.searchsorted(seg.name_concepts, at, side="right") - 1
    names = np.unique(names.astype(np.int64))
    if allowed is not None:
        names = names[allowed[names]]
    return _top(names, -seg.name_tokens[names].astype(np.float64), count).astype(np.int64)


def candidates(q: QuerySign, seg: Segment, allowed: Mask | None,
               budget: Budget | None = None) -> I64:
    """Distinct name ids worth scoring exactly for a ``similar`` query."""
    b = budget or Budget()
    return np.unique(np.concatenate((
        dice_names(q, seg, allowed, b.dice),
        _word_names(q, seg, allowed, b.words),
        _concept_names(q, seg, allowed, b.concepts),
    )))
