"""Columnar building blocks of the index: string blobs and n-gram postings.

Everything is a flat numpy array or one Python string, so a million records cost tens of
megabytes (no per-record objects) and the arrays load memory-mapped from ``.npy`` files.

* ``Blob``: many short strings joined by ``\\n`` into one ``str`` with an offsets array. C-speed
  ``str.find`` over the blob answers exact/prefix/contains queries without a per-name loop.
* ``Postings``: padded character trigrams -> sorted row ids (CSR). A trigram is coded as one
  int64 from its three code points, so building needs no Python dict: the codes of every row
  are computed at once from the blob's UTF-32 code points.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from marknet.search.kernels import posting_spans

__all__ = ["Blob", "Postings", "gram_codes", "gram_set", "load_array", "ranges", "token_code",
           "token_pairs"]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

_START, _END, _SEP = "\x02", "\x03", "\n"
_SHIFT = 21  # code points fit in 21 bits


def load_array(path: Path, mmap: bool = True) -> npt.NDArray[Any]:
    """Load one saved array, memory-mapped unless *mmap* is off.

    The result is a plain ndarray view of the map: indexing a ``np.memmap`` subclass costs
    Python-level overhead on every access.
    """
    loaded = np.load(path, mmap_mode="r" if mmap else None, allow_pickle=False)
    return np.asarray(loaded)


def ranges(starts: I64, stops: I64) -> I64:
    """Concatenate ``arange(start, stop)`` for every pair, vectorised."""
    lengths = stops - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return np.arange(total, dtype=np.int64) + offsets


@dataclass(slots=True)
class Blob:
    """Strings ``0..n-1`` stored as ``\\n item0 \\n item1 \\n … \\n``; item i starts at offsets[i].

    ``items`` (the split list) is made on first ``take``: slicing the blob per item costs more
    than the list's memory (~60 bytes a string) saves.
    """

    text: str
    offsets: I64
    _items: npt.NDArray[np.object_] | None = None

    @classmethod
    def of(cls, items: list[str]) -> Blob:
        lengths = np.fromiter((len(s) + 1 for s in items), np.int64, len(items))
        offsets = np.concatenate(([1], 1 + np.cumsum(lengths))).astype(np.int64)
        return cls(_SEP + _SEP.join(items) + _SEP, offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def get(self, i: int) -> str:
        return self.text[int(self.offsets[i]) : int(self.offsets[i + 1]) - 1]

    def take(self, ids: npt.NDArray[np.integer]) -> list[str]:
        taken: list[str] = self.items()[np.asarray(ids)].tolist()
        return taken

    def items(self) -> npt.NDArray[np.object_]:
        """Every string, split once (~0.1 s a million): an object array, because fancy
        indexing in C is twice as fast as a list comprehension over scattered rows."""
        if self._items is None:
            self._items = np.array(self.text[1:-1].split(_SEP) if len(self) else [], object)
        return self._items

    def lengths(self, ids: npt.NDArray[np.integer] | None = None) -> I64:
        if ids is None:
            return np.diff(self.offsets) - 1
        lengths: I64 = self.offsets[np.asarray(ids) + 1] - self.offsets[ids] - 1
        return lengths

    def find_all(self, needle: str, limit: int) -> I64:
        """Ids of the items where *needle* (may include the ``\\n`` separators) occurs."""
        text = self.text
        found: list[int] = []
        pos = text.find(needle)
        while pos >= 0 and len(found) < limit:
            found.append(pos)
            pos = text.find(needle, pos + 1)
        if not found:
            return np.zeros(0, np.int64)
        # A match starting on the separator before item i belongs to item i.
        at = np.asarray(found, np.int64) + (1 if needle.startswith(_SEP) else 0)
        return np.unique(np.searchsorted(self.offsets, at, side="right") - 1)

    def save(self, path: Path) -> None:
        path.with_suffix(".txt").write_text(self.text, "utf-8", newline="")
        np.save(path.with_suffix(".npy"), self.offsets)

    @classmethod
    def load(cls, path: Path) -> Blob:
        with path.with_suffix(".txt").open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        return cls(text, np.asarray(load_array(path.with_suffix(".npy"), mmap=False)))


def token_code(token: str) -> int:
    """A stable 63-bit code of one word (Python's own hash changes between processes)."""
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def token_pairs(items: list[str]) -> tuple[I64, I64]:
    """(row, word code) for every space-separated word of every item."""
    rows: list[int] = []
    codes: list[int] = []
    for row, item in enumerate(items):
        for token in set(item.split(" ")):
            if token:
                rows.append(row)
                codes.append(token_code(token))
    return np.asarray(rows, np.int64), np.asarray(codes, np.int64)


def gram_set(text: str) -> set[int]:
    """The distinct padded trigram codes of one string (query side)."""
    cps = [ord(c) for c in _START + text + _END]
    return {(cps[i] << (2 * _SHIFT)) | (cps[i + 1] << _SHIFT) | cps[i + 2]
            for i in range(len(cps) - 2)}


def gram_codes(text: str) -> I64:
    """``gram_set`` as an array."""
    codes = gram_set(text)
    return np.fromiter(codes, np.int64, len(codes))


def _blob_codes(items: list[str]) -> tuple[I64, I64]:
    """(row, trigram code) for every trigram of every padded item, vectorised."""
    joined = _SEP.join(_START + s + _END for s in items)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(cps) < 3:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    codes = (cps[:-2] << (2 * _SHIFT)) | (cps[1:-1] << _SHIFT) | cps[2:]
    sep = ord(_SEP)
    valid = (cps[:-2] != sep) & (cps[1:-1] != sep) & (cps[2:] != sep)
    row_of = np.cumsum(cps == sep)[:-2]  # separators before each position = row number
    return row_of[valid], codes[valid]


def _sorted_unique(values: I64) -> I64:
    """np.unique by sorting (numpy's hash-based path is several times slower here)."""
    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


@dataclass(frozen=True, slots=True)
class Postings:
    """Trigram -> rows (CSR over a sorted vocabulary of trigram codes), and grams per row."""

    vocab: I64
    offsets: I64
    rows: I32
    row_grams: npt.NDArray[np.int16]

    @classmethod
    def build(cls, items: list[str], row_ids: I64 | None = None,
              n_rows: int | None = None) -> Postings:
        """Trigram postings of *items*; item i is row ``row_ids[i]`` (default i)."""
        rows, codes = _blob_codes(items)
        if row_ids is not None:
            rows = row_ids[rows]
        return cls.from_pairs(rows, codes, len(items) if n_rows is None else n_rows)

    @classmethod
    def from_pairs(cls, rows: I64, codes: I64, n_rows: int) -> Postings:
        """Postings from (row, key code) pairs; duplicate pairs count once."""
        vocab = _sorted_unique(codes)
        gram_ids = np.searchsorted(vocab, codes)
        width = max(n_rows, 1)
        keys = _sorted_unique(gram_ids.astype(np.int64) * width + rows)  # by gram, then row
        grams, posting_rows = np.divmod(keys, width)
        counts = np.bincount(grams, minlength=len(vocab))
        offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        row_grams = np.minimum(np.bincount(posting_rows, minlength=n_rows), 32767)
        return cls(vocab.astype(np.int64), offsets, posting_rows.astype(np.int32),
                   row_grams.astype(np.int16))

    def spans(self, codes: I64, cap: int | None = None) -> tuple[I64, I64]:
        """(start, size) in ``rows`` of the postings of the known codes among *codes*.

        With *cap*, the rarest grams are taken first and the common ones dropped once about
        *cap* postings are in: a gram shared by a hundred thousand names tells little, and
        counting it costs the most.
        """
        if not len(self.vocab) or not len(codes):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return posting_spans(self.vocab, self.offsets, codes, cap)

    def lookup(self, codes: I64, cap: int | None = None) -> I32:
        """The concatenated postings of ``spans``."""
        starts, sizes = self.spans(codes, cap)
        if not len(starts):
            return np.zeros(0, np.int32)
        rows = self.rows  # copying slices beats gathering through an index array
        return np.concatenate([rows[start : start + size]
                               for start, size in zip(starts.tolist(), sizes.tolist(),
                                                      strict=True)])

    def save(self, path: Path) -> None:
        for name in ("vocab", "offsets", "rows", "row_grams"):
            np.save(path.parent / f"{path.name}.{name}.npy", getattr(self, name))

    @classmethod
    def load(cls, path: Path) -> Postings:
        parts = [load_array(path.parent / f"{path.name}.{name}.npy")
                 for name in ("vocab", "offsets", "rows", "row_grams")]
        return cls(*parts)
