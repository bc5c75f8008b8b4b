"""The vectorised scorer: ``marknet.match.compare``'s score for many names at once.

It repeats compare's formulas operation for operation (same rapidfuzz distances, same order of
floating-point operations), so a hit's ranking score equals the score its explained ``compare``
prints; ``tests/search/test_scoring.py`` holds the two together. Sound and sight go through
``rapidfuzz.process.cdist`` over the candidates' keys; containment and meaning, which only a
few candidates can have, are computed per candidate after a cheap substring/concept test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel, JaroWinkler, Levenshtein
from rapidfuzz.process import cdist

from marknet.match import Goods, Sign, Weights, load_weights, related_classes
from marknet.match.containment import REST as CONTAIN_REST
from marknet.match.containment import same_stems, word_weight
from marknet.match.sight import FLOOR as SIGHT_FLOOR
from marknet.match.sound import FIRST_SOUND, LATIN_SHARE, SHORT, SHORT_FACTOR
from marknet.match.sound import FLOOR as SOUND_FLOOR
from marknet.search.columns import ranges
from marknet.search.namekeys import concept_vocab
from marknet.search.segment import Segment, first_sound
from marknet.text import syllables

__all__ = ["QuerySign", "exactness", "goods_factor", "verbal_scores"]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
_CONTAIN_FULL = 4


@dataclass(frozen=True, slots=True)
class QuerySign:
    """A query prepared once: its ``Sign`` plus the per-key arrays the scorer needs."""

    sign: Sign
    syll: npt.NDArray[np.int16]
    first: I64
    length: I64
    concepts: dict[int, set[int]]

    @classmethod
    def of(cls, sign: Sign) -> QuerySign:
        ids = concept_vocab()
        concepts: dict[int, set[int]] = {}
        for m in sign.meanings:
            concepts.setdefault(ids[m.concept], set()).add(m.position)
        return cls(sign, np.asarray([syllables(p) for p in sign.phonetics], np.int16),
                   np.asarray([first_sound(p) for p in sign.phonetics], np.int64),
                   np.asarray([len(v) for v in sign.variants], np.int64), concepts)


def _clamp(values: F64) -> F64:
    return np.clip(values, 0.0, 1.0)


def _raw_sound(q: QuerySign, seg: Segment, pronunciations: int, rows: I64,
               latin_forms: list[str]) -> tuple[F64, F64]:
    """sound's raw similarity of the query's first *pronunciations* against variant *rows*
    (their loose Latin forms given), and the Jaro-Winkler similarities (1: the same form)."""
    sign = q.sign
    keys = seg.row_phon.take(rows)
    latin = cdist(sign.variants[:pronunciations], latin_forms, scorer=JaroWinkler.similarity,
                  dtype=np.float64, workers=1)
    phon = cdist(sign.phonetics[:pronunciations], keys,
                 scorer=Levenshtein.normalized_similarity, dtype=np.float64, workers=1)
    raw: F64 = LATIN_SHARE * latin + (1.0 - LATIN_SHARE) * phon
    syll = q.syll[:pronunciations, None]
    diff = np.abs(syll.astype(np.int64) - seg.row_syll[rows][None, :])
    raw *= np.maximum(0.7, 1.0 - 0.1 * diff)
    raw = np.where(q.first[:pronunciations, None] != seg.row_first[rows][None, :],
                   raw * FIRST_SOUND, raw)
    lengths = np.asarray([len(form) for form in latin_forms], np.int64)
    shortest = np.minimum(q.length[:pronunciations, None], lengths[None, :])
    raw = np.where((latin < 1.0) & (shortest <= SHORT), raw * SHORT_FACTOR, raw)
    return raw, latin


def _sound(q: QuerySign, seg: Segment, names: I64,
           compacts: list[str]) -> tuple[F64, npt.NDArray[np.bool_]]:
    """Sound scores, and which names in the other alphabet read the same as the query (a
    pronunciation of one is a pronunciation of the other: containment's "same words").

    *compacts*: each name's own loose Latin form (its first variant row)."""
    sign = q.sign
    read_same = np.zeros(len(names), bool)
    if not sign.variants[0]:
        return np.zeros(len(names)), read_same
    starts, stops = seg.name_rows[names], seg.name_rows[names + 1]
    best = np.empty(len(names))
    # Readings only count across scripts: within one script the own forms alone are compared.
    cross = seg.name_cyr[names] != sign.cyrillic
    same = np.flatnonzero(~cross)
    if len(same):
        best[same] = _raw_sound(q, seg, 1, starts[same],
                                [compacts[i] for i in same.tolist()])[0][0]
    cross = np.flatnonzero(cross)
    if len(cross):
        rows = ranges(starts[cross], stops[cross])
        raw, latin = _raw_sound(q, seg, len(sign.variants), rows, seg.row_latin.take(rows))
        lengths = stops[cross] - starts[cross]
        firsts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        best[cross] = np.maximum.reduceat(raw.max(axis=0), firsts)
        read_same[cross] = np.maximum.reduceat((latin == 1.0).max(axis=0), firsts)
    score = _clamp((best - SOUND_FLOOR) / (1.0 - SOUND_FLOOR))
    empty = seg.row_latin.lengths(starts) == 0
    return np.where(empty, 0.0, score), read_same & ~empty


def _sight(q: QuerySign, seg: Segment, names: I64) -> F64:
    if not q.sign.skeleton:
        return np.zeros(len(names))
    skels = seg.skel.take(names)
    similarity = cdist([q.sign.skeleton], skels, scorer=Indel.normalized_similarity,
                       dtype=np.float64, workers=1)[0]
    # Across alphabets: the best loose Latin likeness, readings included (match.sight).
    cross = np.flatnonzero(seg.name_cyr[names] != q.sign.cyrillic)
    if len(cross) and q.sign.variants[0]:
        starts, stops = seg.name_rows[names[cross]], seg.name_rows[names[cross] + 1]
        rows = ranges(starts, stops)
        latin = seg.row_latin.take(rows)
        values = cdist(q.sign.variants, latin, scorer=Indel.normalized_similarity,
                       dtype=np.float64, workers=1).max(axis=0)
        values = np.where(seg.row_latin.lengths(starts).repeat(stops - starts) == 0, 0.0,
                          values)
        firsts = np.concatenate(([0], np.cumsum(stops - starts)[:-1]))
        similarity[cross] = np.maximum(similarity[cross], np.maximum.reduceat(values, firsts))
    score = _clamp((similarity - SIGHT_FLOOR) / (1.0 - SIGHT_FLOOR))
    return np.where(seg.skel.lengths(names) == 0, 0.0, score)


def _containment_one(q: QuerySign, n_tokens: tuple[str, ...], n_compact: str, n_words: str,
                     read_same: bool) -> float:
    """``marknet.match.containment``'s score on plain keys (reasons are left to compare);
    *n_words*: the name's normalised text.

    compare breaks a tie of word count and length by the texts; the score is the same
    either way round (equal lengths: one inside the other only when equal), so it is not
    needed here.
    """
    sign = q.sign
    q_tokens, q_compact = sign.latin_tokens, sign.variants[0]
    q_words, words = sign.keys.tokens, tuple(n_words.split(" "))
    if (len(q_tokens), len(q_compact)) <= (len(n_tokens), len(n_compact)):
        s_tok, s_comp, s_words, l_tok, l_comp, l_words = (q_tokens, q_compact, q_words,
                                                          n_tokens, n_compact, words)
    else:
        s_tok, s_comp, s_words, l_tok, l_comp, l_words = (n_tokens, n_compact, words,
                                                          q_tokens, q_compact, q_words)
    if not s_comp:
        return 0.0
    scale = min(1.0, len(s_comp) / _CONTAIN_FULL)
    if s_tok == l_tok or read_same or same_stems(s_words, l_words, s_comp, l_comp):
        return scale
    size = len(s_tok)
    if any(l_tok[i : i + size] == s_tok for i in range(len(l_tok) - size + 1)):
        return (0.8 + 0.2 * (len(s_tok) / len(l_tok))) * scale * word_weight(s_words)
    if s_comp in l_comp and len(l_comp) - len(s_comp) >= CONTAIN_REST:
        return 0.6 * max(0.5, len(s_comp) / len(l_comp)) * scale * word_weight(s_words)
    return 0.0


def _containment(q: QuerySign, seg: Segment, names: I64, compacts: list[str],
                 read_same: npt.NDArray[np.bool_]) -> F64:
    sign = q.sign
    q_compact = sign.variants[0]
    out = np.zeros(len(names))
    if not q_compact:
        return out
    # Every non-zero case implies one compact form inside the other, the same reading, or
    # the same beginning (inflected forms: containment.same_stems).
    same = read_same.tolist()
    hits = [i for i, c in enumerate(compacts)
            if c and (same[i] or q_compact in c or c in q_compact or c[:4] == q_compact[:4])]
    if not hits:
        return out
    picked = names[hits]
    for i, ltok, words in zip(hits, seg.ltok.take(picked), seg.names.take(picked), strict=True):
        out[i] = _containment_one(q, tuple(ltok.split(" ")), compacts[i], words, same[i])
    return out


def _meaning(q: QuerySign, seg: Segment, names: I64) -> tuple[F64, npt.NDArray[np.bool_]]:
    """Meaning scores and where the criterion applies (both sides have known words)."""
    starts, stops = seg.name_concepts[names], seg.name_concepts[names + 1]
    present = (stops > starts) & bool(q.concepts)
    out = np.zeros(len(names))
    q_tokens = len(q.sign.keys.tokens)
    for i in np.flatnonzero(present).tolist():
        ids = seg.concept_ids[starts[i] : stops[i]].tolist()
        pos = seg.concept_pos[starts[i] : stops[i]].tolist()
        shared = set(ids) & set(q.concepts)
        if not shared:
            continue
        covered = min(len({p for c in shared for p in q.concepts[c]}),
                      len({p for c, p in zip(ids, pos, strict=True) if c in shared}))
        longest = max(q_tokens, int(seg.name_tokens[names[i]]), 1)
        out[i] = min(1.0, 0.6 + 0.4 * covered / longest)
    return out, present


def verbal_scores(q: QuerySign, seg: Segment, names: I64,
                  weights: Weights | None = None) -> F64:
    """compare's score before goods for each name id in *names* (the same order)."""
    if not len(names):
        return np.zeros(0)
    w = weights or load_weights()
    compacts = seg.row_latin.take(seg.name_rows[names])
    sound, read_same = _sound(q, seg, names, compacts)
    sight = _sight(q, seg, names)
    meaning, has_meaning = _meaning(q, seg, names)
    contain = _containment(q, seg, names, compacts, read_same)
    ws, wi, wm, wc = (w.criteria[k] for k in ("sound", "sight", "meaning", "containment"))
    top = np.maximum(np.maximum(sound, sight), contain)
    top = np.where(has_meaning, np.maximum(top, meaning), top)
    # The same order of additions as compare, so the floats agree to the last bit.
    total = np.where(has_meaning, ws * sound + wi * sight + wm * meaning + wc * contain,
                     ws * sound + wi * sight + wc * contain)
    weight_sum = np.where(has_meaning, ws + wi + wm + wc, ws + wi + wc)
    mean = np.divide(total, weight_sum, out=top.copy(), where=weight_sum > 0)
    return w.max_share * top + (1.0 - w.max_share) * mean


def goods_factor(query: Goods | None, masks: npt.NDArray[np.uint64],
                 weights: Weights | None = None) -> F64:
    """compare's goods multiplier per record class mask (1 where either side has no goods)."""
    out = np.ones(len(masks))
    if query is None or not query.classes or not len(masks):
        return out
    w = weights or load_weights()
    table = related_classes()
    qmask = np.uint64(sum(1 << c for c in query.classes if 1 <= c <= 45))
    score = np.where((masks & qmask) != 0, 1.0, 0.0)
    for y in range(1, 46):
        best = max((table.get((min(x, y), max(x, y)), (0.0, ""))[0] for x in query.classes
                    if x != y), default=0.0)
        if best:
            has = (masks & np.uint64(1 << y)) != 0
            score = np.where(has & (score < best), best, score)
    factor: F64 = w.goods_floor + (1.0 - w.goods_floor) * score
    return np.where(masks != 0, factor, out)



def exactness(q: QuerySign, seg: Segment, names: I64) -> I64:
    """How exactly each name matches the query, for breaking ties of score: 0 the same text,
    1 the same look (skeleton), 2 the same loose Latin form or reading, 3 otherwise."""
    sign = q.sign
    variants = set(sign.variants)
    texts, skels = seg.names.take(names), seg.skel.take(names)
    compacts = seg.row_latin.take(seg.name_rows[names])
    return np.asarray([0 if text == sign.keys.normalized else 1 if skel == sign.skeleton
                       else 2 if compact in variants else 3
                       for text, skel, compact in zip(texts, skels, compacts, strict=True)],
                      np.int64)
