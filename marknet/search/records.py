"""Reading the searchable facts out of stored record mappings into columns.

Records arrive as canonical mappings (``marknet.model.record_to_dict``: trademarks with
``verbal_elements``, GIs with ``names``) or as the sample generator's input mappings (no ``id``
yet: it is derived as ST.13). Only what search filters or shows is kept, one list per column.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from marknet.model import IPType, MarkFeature, Status, st13
from marknet.text import normalize

__all__ = ["FEATURES", "KINDS", "STATUSES", "RecordColumns", "class_mask"]

STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
FEATURES: tuple[str, ...] = ("", *(f.value for f in MarkFeature))
KINDS: tuple[str, ...] = ("trademark", "gi")
_STATUS_IDS = {s: i for i, s in enumerate(STATUSES)}
_FEATURE_IDS = {f: i for i, f in enumerate(FEATURES)}


def class_mask(classes: Iterable[int]) -> int:
    """Nice classes 1..45 as bits of one integer (fits numpy uint64)."""
    mask = 0
    for c in classes:
        if 1 <= c <= 45:
            mask |= 1 << c
    return mask


def _record_id(data: Mapping[str, Any], kind: str) -> str:
    if data.get("id"):
        return str(data["id"])
    ip_type = IPType.GEOGRAPHICAL_INDICATION if kind == "gi" else IPType.TRADEMARK
    year = int(str(data["filing_date"])[:4])
    return st13(str(data["office"]), ip_type, year, str(data["application_number"]))


def _texts(data: Mapping[str, Any], kind: str) -> list[str]:
    elements = data.get("names" if kind == "gi" else "verbal_elements") or []
    texts: list[str] = []
    for element in elements:
        for key in ("text", "transliteration"):
            value = element.get(key)
            if value and value not in texts:
                texts.append(str(value))
    if not texts and data.get("text"):
        texts.append(str(data["text"]))
    return texts


def _classes(data: Mapping[str, Any], kind: str) -> list[int]:
    if kind == "gi":
        return [int(data["nice_class"])] if data.get("nice_class") is not None else []
    if "goods_services" in data:
        return [int(g["nice_class"]) for g in data["goods_services"]]
    return [int(c) for c in data.get("nice_classes") or []]


def _vienna(data: Mapping[str, Any]) -> list[str]:
    return sorted({str(code) for image in data.get("images") or []
                   for code in image.get("vienna_codes") or []})


@dataclass
class RecordColumns:
    """Growing columns of records and their verbal elements; names deduplicated on the fly.

    Integer columns are typed arrays (8 bytes a value, not a Python int each): a million
    records must fit in the memory budget with room for the build.
    """

    ids: list[str] = field(default_factory=list)
    registers: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    kinds: array[int] = field(default_factory=lambda: array("q"))
    statuses: array[int] = field(default_factory=lambda: array("q"))
    features: array[int] = field(default_factory=lambda: array("q"))
    filed: array[int] = field(default_factory=lambda: array("q"))
    classes: array[int] = field(default_factory=lambda: array("Q"))
    seqs: array[int] = field(default_factory=lambda: array("q"))
    published: array[int] = field(default_factory=lambda: array("b"))
    vienna_records: array[int] = field(default_factory=lambda: array("q"))
    vienna_codes: list[str] = field(default_factory=list)
    elem_records: array[int] = field(default_factory=lambda: array("q"))
    elem_names: array[int] = field(default_factory=lambda: array("q"))
    elem_texts: list[str] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)

    def add(self, data: Mapping[str, Any], register: str | None = None, seq: int = 0) -> None:
        """Add one record mapping (its id, filters and every verbal element)."""
        kind = "gi" if data.get("record_type") == "gi" else "trademark"
        row = len(self.ids)
        self.ids.append(_record_id(data, kind))
        self.offices.append(str(data.get("office", "")))
        self.registers.append(register or str(data.get("office", "")))
        self.kinds.append(KINDS.index(kind))
        self.statuses.append(_STATUS_IDS.get(str(data.get("status", "filed")), 0))
        self.features.append(_FEATURE_IDS.get(str(data.get("feature", "")), 0))
        filed = data.get("filing_date")
        self.filed.append(dt.date.fromisoformat(str(filed)).toordinal() if filed else 0)
        self.classes.append(class_mask(_classes(data, kind)))
        self.seqs.append(seq)
        # Ever published (a bulletin entry or a registration): what the public may see of a
        # refused or withdrawn application, answered without fetching the record.
        self.published.append(1 if data.get("publications") or data.get("registration_number")
                              else 0)
        for code in _vienna(data):
            self.vienna_records.append(row)
            self.vienna_codes.append(code)
        for text in _texts(data, kind):
            normalized = normalize(text)
            if not normalized:
                continue
            name = self.names.setdefault(normalized, len(self.names))
            self.elem_records.append(row)
            self.elem_names.append(name)
            self.elem_texts.append(" ".join(text.split()))
