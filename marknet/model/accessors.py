"""What every layer reads out of a stored record mapping: its verbal forms, its Nice classes and
whether the public may see it. Pure functions over ``record_to_dict`` mappings (trademarks with
``verbal_elements``, GIs with ``names``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marknet.model.enums import PUBLIC_STATUSES

__all__ = ["classes_of", "is_published", "texts_of"]


def texts_of(data: Mapping[str, Any]) -> list[str]:
    """Every verbal form of a record: elements (or GI names) and their transliterations."""
    out: list[str] = []
    for element in data.get("verbal_elements") or data.get("names") or []:
        for key in ("text", "transliteration"):
            value = element.get(key)
            if isinstance(value, str) and value.strip() and value not in out:
                out.append(value)
    return out


def classes_of(data: Mapping[str, Any]) -> list[int]:
    """The record's Nice classes, ascending (a GI has at most one)."""
    if data.get("record_type") == "gi":
        return [int(data["nice_class"])] if data.get("nice_class") else []
    return sorted({int(g["nice_class"]) for g in data.get("goods_services", [])})


def is_published(data: Mapping[str, Any]) -> bool:
    """Refused or withdrawn applications stay confidential unless they had been published."""
    status = data.get("status")
    return (status in PUBLIC_STATUSES or bool(data.get("publications"))
            or bool(data.get("registration_number")))
