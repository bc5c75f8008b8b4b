"""The image index: every stored image of every record the node holds, searched by likeness.

An entry is one image of one record: its three shape hashes, colour hash and Hu moments in
numpy columns. A query is compared with every entry at once (XOR and bit counts over 64-bit
words: ~1 ms per 100,000 images), so there is no candidate step to lose recall in. The
distance, in hash bits out of 64, is the mean of the three shape hashes' distances plus a small
part of the Hu moments' (which survive rotation); sharing a Vienna code brings an image closer.
Each hit says why: "same shape, different colour: distance 6/64".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from marknet.images.descriptors import COLOUR_BITS, HASH_BITS, Descriptor

__all__ = ["ImageEntry", "ImageHit", "ImageIndex"]

HU_WEIGHT = 1.5  # bits of distance per unit of L1 distance between log Hu moments
HU_CAP = 8.0
HU_TERMS = 4  # the higher moments are noise for small shapes
VIENNA_BONUS = 4.0  # bits taken off when the two images share a Vienna code
MATCH_BITS = 32.0  # a distance from which two images count as unlike (score 0)
_SAME_SHAPE, _SIMILAR_SHAPE, _SAME_COLOUR = 8, 16, 2


@dataclass(frozen=True, slots=True)
class ImageEntry:
    record_id: str
    register: str
    sha256: str
    vienna_codes: tuple[str, ...]
    descriptor: Descriptor


@dataclass(frozen=True, slots=True)
class ImageHit:
    record_id: str
    register: str
    sha256: str
    score: float
    distance: float
    reason: str
    detail: dict[str, Any]


@dataclass
class ImageIndex:
    record_ids: list[str] = field(default_factory=list)
    registers: list[str] = field(default_factory=list)
    shas: list[str] = field(default_factory=list)
    vienna: list[tuple[str, ...]] = field(default_factory=list)
    hashes: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.uint64))
    colours: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    hu: np.ndarray = field(default_factory=lambda: np.zeros((0, HU_TERMS), np.float32))
    seqs: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.record_ids)

    @classmethod
    def from_entries(cls, entries: Iterable[ImageEntry], seqs: dict[str, int] | None = None
                     ) -> ImageIndex:
        index = cls(seqs=dict(seqs or {}))
        index.add(entries)
        return index

    def add(self, entries: Iterable[ImageEntry]) -> None:
        rows = list(entries)
        if not rows:
            return
        self.record_ids += [e.record_id for e in rows]
        self.registers += [e.register for e in rows]
        self.shas += [e.sha256 for e in rows]
        self.vienna += [e.vienna_codes for e in rows]
        d = [e.descriptor for e in rows]
        self.hashes = np.concatenate([self.hashes, np.array(
            [(x.phash, x.dhash, x.whash) for x in d], np.uint64).reshape(-1, 3)])
        self.colours = np.concatenate([self.colours, np.array([x.colour for x in d], np.uint64)])
        self.hu = np.concatenate([self.hu, np.array([x.hu[:HU_TERMS] for x in d], np.float32)
                                  .reshape(-1, HU_TERMS)])

    def drop(self, record_ids: Iterable[str]) -> None:
        gone = set(record_ids)
        keep = np.array([r not in gone for r in self.record_ids], bool)
        if keep.all():
            return
        rows = np.flatnonzero(keep)
        self.record_ids = [self.record_ids[i] for i in rows]
        self.registers = [self.registers[i] for i in rows]
        self.shas = [self.shas[i] for i in rows]
        self.vienna = [self.vienna[i] for i in rows]
        self.hashes, self.colours, self.hu = self.hashes[rows], self.colours[rows], self.hu[rows]

    # -- searching -------------------------------------------------------------------------------
    def search(self, query: Descriptor | Sequence[Descriptor], limit: int = 10,
               vienna: Sequence[str] = (), vienna_filter: Sequence[str] = (),
               registers: Sequence[str] = (), exclude_record: str | None = None
               ) -> list[ImageHit]:
        """The *limit* nearest images; *vienna* boosts shared codes, *vienna_filter* keeps only
        images with a code starting with one of its prefixes. Several query descriptors (a
        combined mark and its dominant part) give each image the nearer distance."""
        if self.size == 0:
            return []
        queries = [query] if isinstance(query, Descriptor) else list(query)
        distance, bits, which = self._nearest(queries)
        if vienna:
            distance -= VIENNA_BONUS * self._mask(lambda codes: _shares(codes, vienna))
        allowed = np.ones(self.size, bool)
        if vienna_filter:
            allowed &= self._mask(lambda codes: any(c.startswith(tuple(vienna_filter))
                                                    for c in codes))
        if registers:
            allowed &= np.isin(np.array(self.registers), list(registers))
        if exclude_record is not None:
            allowed &= np.array([r != exclude_record for r in self.record_ids], bool)
        distance = np.where(allowed, distance, np.inf)
        take = min(limit, int(allowed.sum()))
        if take <= 0:
            return []
        rows = np.argpartition(distance, take - 1)[:take]
        rows = rows[np.argsort(distance[rows], kind="stable")]
        colours = np.array([queries[w].colour for w in which[rows]], np.uint64)
        colour_bits = _popcount(self.colours[rows] ^ colours)
        return [self._hit(int(r), float(distance[r]), bits[r], int(c), vienna)
                for r, c in zip(rows, colour_bits, strict=True)]

    def _nearest(self, queries: list[Descriptor]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per image: the least distance over the queries, its hash bits, and which query."""
        bits = self._shape_bits(queries[0])
        best = bits.mean(axis=1) + HU_WEIGHT * self._hu_distance(queries[0])
        which = np.zeros(self.size, np.int64)
        for n, query in enumerate(queries[1:], 1):
            these = self._shape_bits(query)
            distance = these.mean(axis=1) + HU_WEIGHT * self._hu_distance(query)
            nearer = distance < best
            best = np.where(nearer, distance, best)
            bits[nearer] = these[nearer]
            which[nearer] = n
        return best, bits, which

    def _shape_bits(self, query: Descriptor) -> np.ndarray:
        q = np.array([query.phash, query.dhash, query.whash], np.uint64)
        return _popcount(self.hashes ^ q).astype(np.float32)

    def _hu_distance(self, query: Descriptor) -> np.ndarray:
        q = np.array(query.hu[:HU_TERMS], np.float32)
        return np.asarray(np.minimum(np.abs(self.hu - q).sum(axis=1), HU_CAP))

    def _mask(self, test: Any) -> np.ndarray:
        return np.array([bool(codes) and test(codes) for codes in self.vienna], bool)

    def _hit(self, row: int, distance: float, bits: np.ndarray, colour_bits: int,
             vienna: Sequence[str]) -> ImageHit:
        ph, dh, wh = (int(b) for b in bits)
        shape = (ph + dh + wh) / 3
        shared = sorted(set(self.vienna[row]) & set(vienna))
        detail: dict[str, Any] = {"phash": ph, "dhash": dh, "wavelet": wh,
                                  "colour": colour_bits, "distance": round(max(distance, 0.0), 1)}
        if shared:
            detail["vienna_shared"] = shared
        score = max(0.0, min(1.0, 1.0 - distance / MATCH_BITS))
        return ImageHit(self.record_ids[row], self.registers[row], self.shas[row],
                        round(score, 4), round(max(distance, 0.0), 1),
                        explain(shape, colour_bits, distance, shared), detail)


def explain(shape_bits: float, colour_bits: int, distance: float,
            shared_vienna: Sequence[str] = ()) -> str:
    """One sentence an examiner can cite."""
    shape = ("same shape" if shape_bits <= _SAME_SHAPE else
             "similar shape" if shape_bits <= _SIMILAR_SHAPE else "different shape")
    colour = "same colours" if colour_bits <= _SAME_COLOUR else "different colours"
    text = (f"{shape}, {colour}: distance {max(distance, 0):.0f}/{HASH_BITS} "
            f"(shape hashes {shape_bits:.0f}/{HASH_BITS}, colour {colour_bits}/{COLOUR_BITS})")
    if shared_vienna:
        text += f"; shared Vienna codes {', '.join(shared_vienna)}"
    return text


def _shares(codes: Sequence[str], wanted: Sequence[str]) -> bool:
    return bool(set(codes) & set(wanted))


def _popcount(values: np.ndarray) -> np.ndarray:
    return np.asarray(np.bitwise_count(values))
