"""Candidate generation: a few thousand names worth scoring, out of hundreds of thousands.

Scoring every name costs ~0.3 s per query at a million marks; the criteria only give a high
score to names that share something countable with the query, so candidates are drawn from
inverted indexes with vectorised counting (``np.unique`` over concatenated postings):

* sound: Dice overlap of padded trigrams of the loose Latin forms, over every pronunciation
  (a Latin name's Cyrillic readings included), of the phonetic keys (rarest grams only), and
  the very same phonetic key;
* sight: Dice overlap of trigrams of the look-alike skeleton;
* containment: names holding every query word, or whose every word is in the query;
* meaning: names sharing a concept of the meaning lexicon with the query.

Each source keeps its best few (``Budget``); the union goes to the exact scorer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from marknet.search.columns import Postings, gram_codes, token_code
from marknet.search.scoring import QuerySign
from marknet.search.segment import Segment

__all__ = ["Budget", "candidates", "dice_names"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


# A name whose grams all occur in the query (a word of a longer sign) competes at this weight;
# below this many grams the share says little.
_INSIDE_WEIGHT = 0.8
_INSIDE_MIN_GRAMS = 5
_HIT_CAP = 30_000
# Phonetic keys have a small alphabet (every vowel is "a"), so their grams are common.
_PHON_CAP = 10_000
_SPARSE_RATIO = 16


@dataclass(frozen=True, slots=True)
class Budget:
    """How many names each source may contribute."""

    dice: int = 400
    words: int = 120
    concepts: int = 60


def _dice(post: Postings, strings: Iterable[str], cap: int = _HIT_CAP) -> tuple[I64, F64]:
    """(row, overlap score) of padded trigrams shared with the query strings.

    The strings (a query's pronunciations) are pooled into one gram set, the rarest grams first
    up to ``_HIT_CAP`` postings, and counted at once. The score is the best of a Dice
    coefficient against the average string and the share of the row's own grams found (a
    short name inside a longer query).
    """
    texts = [t for t in dict.fromkeys(strings) if t]
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0)
    per_text = [gram_codes(t) for t in texts]
    hits = post.lookup(np.concatenate(per_text), cap)
    if not len(hits):
        return np.zeros(0, np.int64), np.zeros(0)
    rows: npt.NDArray[np.integer]
    if len(hits) * _SPARSE_RATIO < len(post.row_grams):
        rows, counts = np.unique(hits, return_counts=True)
    else:
        dense = np.bincount(hits, minlength=len(post.row_grams))
        rows = np.flatnonzero(dense > 0)
        counts = dense[rows]
    found = counts.astype(np.float64)
    own = post.row_grams[rows].astype(np.float64)
    average = sum(len(c) for c in per_text) / len(per_text)
    dice = 2.0 * np.minimum(found, average) / (average + own)
    inside = np.where(own >= _INSIDE_MIN_GRAMS, found / own, 0.0) * _INSIDE_WEIGHT
    return rows.astype(np.int64), np.maximum(dice, inside)


def _top(names: I64, scores: F64, allowed: Mask | None, count: int) -> I64:
    if allowed is not None and len(names):
        keep = allowed[names]
        names, scores = names[keep], scores[keep]
    if len(names) > count:
        # Over-take: one name may appear through several of its pronunciations.
        take = min(len(names), 2 * count)
        picked = np.argpartition(-scores, take - 1)[:take]
        names, scores = names[picked], scores[picked]
        order = np.argsort(-scores, kind="stable")
        names = names[order]
        _, first = np.unique(names, return_index=True)
        return names[np.sort(first)[:count]]
    return np.unique(names)


def dice_names(q: QuerySign, seg: Segment, allowed: Mask | None, count: int,
               sources: tuple[str, ...] = ("latin", "phon", "skel")) -> I64:
    """The *count* names with the best trigram overlap in any of *sources*."""
    sign = q.sign
    parts_n: list[I64] = []
    parts_s: list[F64] = []
    if "latin" in sources:
        names, s = _dice(seg.post_latin, sign.variants)
        parts_n.append(names)
        parts_s.append(s)
        if sign.cyrillic:  # a Cyrillic query meets Latin names through their readings
            rows, s = _dice(seg.post_read, sign.variants)
            parts_n.append(seg.row_name[rows].astype(np.int64))
            parts_s.append(s)
    if "phon" in sources:
        rows, s = _dice(seg.post_phon, sign.phonetics, _PHON_CAP)
        parts_n.append(seg.row_name[rows].astype(np.int64))
        parts_s.append(s)
        # The same phonetic key: the surest sign of "sounds alike", whatever the spelling.
        codes = np.asarray([token_code(p) for p in set(sign.phonetics) if p], np.int64)
        rows = seg.post_pkey.lookup(codes, _HIT_CAP).astype(np.int64)
        parts_n.append(seg.row_name[rows].astype(np.int64))
        parts_s.append(np.ones(len(rows)))
    if "skel" in sources:
        names, s = _dice(seg.post_skel, [sign.skeleton])
        parts_n.append(names)
        parts_s.append(s)
    if not parts_n:
        return np.zeros(0, np.int64)
    return _top(np.concatenate(parts_n), np.concatenate(parts_s), allowed, count)


def _word_names(q: QuerySign, seg: Segment, allowed: Mask | None, count: int) -> I64:
    words = {w for w in q.sign.latin_tokens if w}
    if not words:
        return np.zeros(0, np.int64)
    codes = np.asarray([token_code(w) for w in words], np.int64)
    hits = seg.post_tok.lookup(codes)
    if not len(hits):
        return np.zeros(0, np.int64)
    names, counts = np.unique(hits, return_counts=True)
    name_words = seg.post_tok.row_grams[names]
    inside = (counts == len(words)) | (counts == name_words)
    names, counts, name_words = names[inside], counts[inside], name_words[inside]
    # Closest in length first: the containment score favours a larger share of the words.
    closeness = -np.abs(name_words.astype(np.float64) - len(words))
    return _top(names.astype(np.int64), closeness, allowed, count)


def _concept_names(q: QuerySign, seg: Segment, allowed: Mask | None, count: int) -> I64:
    if not q.concepts or not len(seg.concept_ids):
        return np.zeros(0, np.int64)
    at = np.flatnonzero(np.isin(seg.concept_ids, np.asarray(list(q.concepts), np.int32)))
    names = np.searchsorted(seg.name_concepts, at, side="right") - 1
    names = np.unique(names.astype(np.int64))
    return _top(names, -seg.name_tokens[names].astype(np.float64), allowed, count)


def candidates(q: QuerySign, seg: Segment, allowed: Mask | None,
               budget: Budget | None = None) -> I64:
    """Distinct name ids worth scoring exactly for a ``similar`` query."""
    b = budget or Budget()
    return np.unique(np.concatenate((
        dice_names(q, seg, allowed, b.dice),
        _word_names(q, seg, allowed, b.words),
        _concept_names(q, seg, allowed, b.concepts),
    )))
