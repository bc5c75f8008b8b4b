"""One immutable, columnar slice of the index: distinct names, their keys, records, postings.

Layout (every id is a row number into the arrays of the same prefix):

* names ``n``: ``names`` (normalised), ``skel`` (compact skeleton), ``ltok`` (loose Latin words),
  ``sign_rest`` (what else explaining needs of the name's sign: ``namekeys.rebuilt_sign``),
  ``name_cyr``, ``name_tokens``, ``name_rows`` (CSR into variant rows), ``name_concepts`` (CSR into
  ``concept_ids``/``concept_pos``), ``name_elems`` (CSR into elements, which are sorted by name);
* variant rows ``r``: one per pronunciation of a name (its own, then its Cyrillic readings):
  ``row_name``, ``row_latin``, ``row_phon``, ``row_syll`` (syllables of the phonetic key),
  ``row_first`` (code of its first sound, -1 when empty);
* elements ``e``: ``elem_record`` and ``elem_text`` (the verbal element as registered);
* records: ``rec_*`` columns and Vienna codes as (record, code id) pairs;
* postings: trigrams of each name's own loose Latin form (``post_latin``, over names), of the
  Cyrillic readings of Latin names (``post_read``, over rows), of phonetic keys (``post_phon``)
  and whole keys (``post_pkey``, over rows), of ``skel`` (over names), and loose Latin words
  (``post_tok``, over names).

A base segment is saved to and memory-mapped from a directory; catching up with the register
builds a small in-memory delta segment and hides the base rows it replaces (``alive``).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from marknet.match import Sign
from marknet.search.columns import Blob, Postings, load_array, token_pairs
from marknet.search.namekeys import NameKeys, concept_vocab, names_keys, rebuilt_sign
from marknet.search.records import RecordColumns
from marknet.text import syllables

__all__ = ["Segment", "first_sound"]

Arr = npt.NDArray[Any]
_BLOBS = ("names", "skel", "ltok", "sign_rest", "row_latin", "row_phon", "elem_text")
_POSTINGS = ("post_latin", "post_read", "post_phon", "post_pkey", "post_skel", "post_tok")
_VOCABS = ("offices", "registers", "vienna")


def first_sound(key: str) -> int:
    """The first letter of a phonetic key as an integer; -1 for an empty key."""
    return ord(key[0]) if key else -1


@dataclass
class Segment:
    names: Blob
    skel: Blob
    ltok: Blob
    sign_rest: Blob
    row_latin: Blob
    row_phon: Blob
    elem_text: Blob
    post_latin: Postings
    post_read: Postings
    post_phon: Postings
    post_pkey: Postings
    post_skel: Postings
    post_tok: Postings
    name_cyr: Arr
    name_tokens: Arr
    name_rows: Arr
    name_concepts: Arr
    concept_ids: Arr
    concept_pos: Arr
    name_elems: Arr
    row_name: Arr
    row_syll: Arr
    row_first: Arr
    elem_record: Arr
    rec_id: Arr
    rec_order: Arr
    rec_office: Arr
    rec_register: Arr
    rec_kind: Arr
    rec_status: Arr
    rec_feature: Arr
    rec_filed: Arr
    rec_classes: Arr
    rec_seq: Arr
    rec_published: Arr
    vienna_record: Arr
    vienna_code: Arr
    offices: list[str]
    registers: list[str]
    vienna: list[str]
    alive: Arr = field(default_factory=lambda: np.zeros(0, bool))

    def __post_init__(self) -> None:
        if len(self.alive) != len(self.rec_id):
            self.alive = np.ones(len(self.rec_id), bool)

    @property
    def size(self) -> int:
        return len(self.rec_id)

    def rows_of(self, ids: list[str]) -> npt.NDArray[np.int64]:
        """Record rows holding any of *ids* (binary search over the sorted id order)."""
        if not ids or not self.size:
            return np.zeros(0, np.int64)
        wanted = np.asarray([i.encode() for i in ids], dtype=self.rec_id.dtype)
        sorted_ids = self.rec_id[self.rec_order]
        at = np.searchsorted(sorted_ids, wanted).clip(0, self.size - 1)
        found = sorted_ids[at] == wanted
        return np.asarray(self.rec_order[at[found]], np.int64)

    def element_sign(self, element: int) -> Sign:
        """``prepare_sign`` of an element's text, from the columns of its name (no preparing)."""
        name = int(np.searchsorted(self.name_elems, element, side="right")) - 1
        start, stop = int(self.name_rows[name]), int(self.name_rows[name + 1])
        return rebuilt_sign(
            self.elem_text.get(element), self.names.get(name), self.ltok.get(name),
            self.skel.get(name), tuple(self.row_latin.get(r) for r in range(start, stop)),
            tuple(self.row_phon.get(r) for r in range(start, stop)), bool(self.name_cyr[name]),
            self.sign_rest.get(name))

    # -- building ------------------------------------------------------------------------------
    @classmethod
    def build(cls, columns: RecordColumns, workers: int | None = None) -> Segment:
        """Build a segment from collected record columns (the expensive step: name keys)."""
        names = list(columns.names)
        keys = names_keys(names, workers)
        parts = _name_parts(keys)
        elem_name = np.asarray(columns.elem_names, np.int32)
        order = np.argsort(elem_name, kind="stable")
        texts = columns.elem_texts
        offices, registers, vienna = (sorted(set(x)) for x in (
            columns.offices, columns.registers, columns.vienna_codes))
        return cls(
            names=Blob.of(names), skel=Blob.of(parts["skel"]), ltok=Blob.of(parts["ltok"]),
            sign_rest=Blob.of([k.rest for k in keys]),
            row_latin=Blob.of(parts["row_latin"]), row_phon=Blob.of(parts["row_phon"]),
            elem_text=Blob.of([texts[i] for i in order.tolist()]),
            post_latin=Postings.build([k.variants[0] for k in keys]),
            post_read=Postings.build(parts["read"], np.asarray(parts["read_rows"], np.int64),
                                     len(parts["row_latin"])),
            post_phon=Postings.build(parts["row_phon"]),
            post_pkey=Postings.from_pairs(*token_pairs(parts["row_phon"]),
                                          len(parts["row_phon"])),
            post_skel=Postings.build(parts["skel"]),
            post_tok=Postings.from_pairs(*token_pairs(parts["ltok"]), len(names)),
            name_cyr=np.asarray([k.cyrillic for k in keys], bool),
            name_tokens=np.asarray([min(k.tokens, 255) for k in keys], np.uint8),
            name_rows=_offsets([len(k.variants) for k in keys]),
            name_concepts=_offsets([len(k.concepts) for k in keys]),
            concept_ids=np.asarray(parts["concept_ids"], np.int32),
            concept_pos=np.asarray(parts["concept_pos"], np.int16),
            name_elems=_offsets(np.bincount(elem_name, minlength=len(names)).tolist()),
            row_name=np.repeat(np.arange(len(keys), dtype=np.int32),
                               [len(k.variants) for k in keys]),
            row_syll=np.asarray([syllables(p) for p in parts["row_phon"]], np.int16),
            row_first=np.asarray([first_sound(p) for p in parts["row_phon"]], np.int64),
            elem_record=np.asarray(columns.elem_records, np.int32)[order],
            rec_id=np.asarray(columns.ids, dtype=f"S{max(map(len, columns.ids), default=1)}"),
            rec_order=np.argsort(np.asarray(columns.ids), kind="stable").astype(np.int32),
            rec_office=_coded(columns.offices, offices),
            rec_register=_coded(columns.registers, registers),
            rec_kind=np.asarray(columns.kinds, np.uint8),
            rec_status=np.asarray(columns.statuses, np.uint8),
            rec_feature=np.asarray(columns.features, np.uint8),
            rec_filed=np.asarray(columns.filed, np.int32),
            rec_classes=np.asarray(columns.classes, np.uint64),
            rec_seq=np.asarray(columns.seqs, np.int64),
            rec_published=np.asarray(columns.published, np.bool_),
            vienna_record=np.asarray(columns.vienna_records, np.int32),
            vienna_code=_coded(columns.vienna_codes, vienna, np.int32),
            offices=offices, registers=registers, vienna=vienna,
        )

    # -- persistence -----------------------------------------------------------------------------
    def warm(self) -> None:
        """Split the string columns searches pick from now (~0.5 s at a million marks),
        rather than during the first searches of each kind."""
        for blob in (self.names, self.skel, self.ltok, self.row_latin, self.row_phon):
            blob.items()

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        vocabs: dict[str, list[str]] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "alive":
                continue
            if f.name in _BLOBS or f.name in _POSTINGS:
                value.save(folder / f.name)
            elif f.name in _VOCABS:
                vocabs[f.name] = value
            else:
                np.save(folder / f"{f.name}.npy", value)
        (folder / "vocabs.json").write_text(json.dumps(vocabs, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> Segment:
        vocabs = json.loads((folder / "vocabs.json").read_text("utf-8"))
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name == "alive":
                continue
            if f.name in _BLOBS:
                values[f.name] = Blob.load(folder / f.name)
            elif f.name in _POSTINGS:
                values[f.name] = Postings.load(folder / f.name)
            elif f.name in _VOCABS:
                values[f.name] = vocabs[f.name]
            else:
                values[f.name] = load_array(folder / f"{f.name}.npy")
        return cls(**values)


def _offsets(counts: list[int]) -> Arr:
    return np.concatenate(([0], np.cumsum(np.asarray(counts, np.int64)))).astype(np.int64)


def _coded(values: list[str], vocab: list[str], dtype: type = np.uint8) -> Arr:
    ids = {v: i for i, v in enumerate(vocab)}
    return np.asarray([ids[v] for v in values], dtype)


def _name_parts(keys: list[NameKeys]) -> dict[str, list[Any]]:
    concepts = concept_vocab()
    parts: dict[str, list[Any]] = {k: [] for k in (
        "skel", "ltok", "row_latin", "row_phon", "concept_ids", "concept_pos", "read",
        "read_rows")}
    for k in keys:
        parts["skel"].append(k.skeleton)
        parts["ltok"].append(k.latin_tokens)
        first = len(parts["row_latin"])
        parts["read"].extend(k.variants[1:])
        parts["read_rows"].extend(range(first + 1, first + len(k.variants)))
        parts["row_latin"].extend(k.variants)
        parts["row_phon"].extend(k.phonetics)
        for concept, position in k.concepts:
            parts["concept_ids"].append(concepts[concept])
            parts["concept_pos"].append(position)
    return parts
