"""The query modes, each over one segment: which names match and how well (0..1).

* ``similar`` (default): the combined criteria score (``marknet.match.compare``), computed
  vectorised for the candidates; goods scale it per record when the query names classes.
* ``exact``: the same text after normalisation (case, punctuation, ё/е, invisible characters).
* ``prefix`` / ``contains``: the normalised text starts with / contains the query; the score is
  the share of the name the query covers.
* ``fuzzy``: spelling close within one script (optimal string alignment: a typo, a missing or
  doubled letter, two swapped letters), similarity >= 0.7.
* ``phonetic``: phonetic keys close (Indel similarity >= 0.75) in any script.
* ``translit``: one name in another script: the loose Latin forms (readings included) agree,
  Jaro-Winkler >= 0.9.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA, Indel, JaroWinkler
from rapidfuzz.process import cdist

from marknet.search.candidates import Budget, candidates, dice_names
from marknet.search.columns import ranges
from marknet.search.scoring import QuerySign, verbal_scores
from marknet.search.segment import Segment

__all__ = ["THRESHOLDS", "NameMatches", "match_names"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

THRESHOLDS = {"fuzzy": 0.7, "phonetic": 0.75, "translit": 0.9}
# Literal modes can match most of the register ("contains A"); beyond this many names the
# best covered ones are kept.
_LITERAL_CAP = 200_000
_MODE_CANDIDATES = 3000


@dataclass(frozen=True, slots=True)
class NameMatches:
    names: I64
    scores: F64


def _literal(seg: Segment, needle: str, normalized: str) -> NameMatches:
    names = seg.names.find_all(needle, _LITERAL_CAP)
    lengths = seg.names.lengths(names)
    scores = np.where(lengths > 0, len(normalized) / np.maximum(lengths, 1), 0.0)
    return NameMatches(names, np.minimum(scores, 1.0))


def _best_over_rows(q: QuerySign, seg: Segment, names: I64, blob: str,
                    cross_only_readings: bool) -> F64:
    """Best similarity over (query pronunciation, name pronunciation) pairs."""
    starts, stops = seg.name_rows[names], seg.name_rows[names + 1]
    rows = ranges(starts, stops)
    if blob == "latin":
        values = cdist(q.sign.variants, seg.row_latin.take(rows), scorer=JaroWinkler.similarity,
                       dtype=np.float64, workers=1)
    else:
        values = cdist(q.sign.phonetics, seg.row_phon.take(rows),
                       scorer=Indel.normalized_similarity, dtype=np.float64, workers=1)
    seg_starts = np.concatenate(([0], np.cumsum(stops - starts)[:-1]))
    if cross_only_readings:
        cross = seg.name_cyr[seg.row_name[rows]] != q.sign.cyrillic
        first = np.zeros(len(rows), bool)
        first[seg_starts] = True
        allowed = cross[None, :] | (first[None, :] & (np.arange(len(values)) == 0)[:, None])
        values = np.where(allowed, values, 0.0)
    best: F64 = np.maximum.reduceat(values.max(axis=0), seg_starts)
    return best


def _scored(names: I64, scores: F64, threshold: float) -> NameMatches:
    keep = scores >= threshold
    return NameMatches(names[keep], scores[keep])


def match_names(mode: str, q: QuerySign, seg: Segment, allowed: Mask | None,
                budget: Budget | None = None, exhaustive: bool = False) -> NameMatches:
    """Names of *seg* matching the query in *mode*, with their scores (any order).

    *exhaustive* scores every allowed name in ``similar`` mode: the reference the benchmark
    and the recall tests hold the candidate generation to.
    """
    normalized = q.sign.keys.normalized
    if mode == "exact":
        return _literal(seg, f"\n{normalized}\n", normalized)
    if mode == "prefix":
        return _literal(seg, f"\n{normalized}", normalized)
    if mode == "contains":
        return _literal(seg, normalized, normalized)
    if mode == "similar":
        if exhaustive:
            every = np.arange(len(seg.names), dtype=np.int64)
            names = every if allowed is None else every[allowed]
        else:
            names = candidates(q, seg, allowed, budget)
        return NameMatches(names, verbal_scores(q, seg, names))
    if mode == "fuzzy":
        names = dice_names(q, seg, allowed, _MODE_CANDIDATES, ("latin", "skel"))
        scores = cdist([normalized], seg.names.take(names), scorer=OSA.normalized_similarity,
                       dtype=np.float64, workers=1)[0] if len(names) else np.zeros(0)
        return _scored(names, scores, THRESHOLDS["fuzzy"])
    if mode == "phonetic":
        names = dice_names(q, seg, allowed, _MODE_CANDIDATES, ("phon", "latin"))
        scores = _best_over_rows(q, seg, names, "phon", True) if len(names) else np.zeros(0)
        return _scored(names, scores, THRESHOLDS["phonetic"])
    if mode == "translit":
        names = dice_names(q, seg, allowed, _MODE_CANDIDATES, ("latin",))
        scores = _best_over_rows(q, seg, names, "latin", False) if len(names) else np.zeros(0)
        return _scored(names, scores, THRESHOLDS["translit"])
    raise ValueError(f"unknown mode {mode!r}")
