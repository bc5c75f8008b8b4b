"""What every reader shares: turning one source record into an ImportItem, and checking codes.

A reader builds a plain mapping in the ``record_from_dict`` shape. Anything it cannot read
(a malformed date, an unknown code) raises RecordError, which becomes an ImportItem with the
reason, so one bad record never stops a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from marknet.formats.dates import DateFormatError, parse_date
from marknet.formats.items import ImportItem
from marknet.model import Record, record_to_dict
from marknet.model.codelists import NICE_CLASSES, is_st3_code, is_vienna_code, normalise_vienna


class RecordError(ValueError):
    """One record cannot be read; the message is the reason shown to the user."""


def build_item(position: str, build: Callable[[], dict[str, Any]]) -> ImportItem:
    try:
        data = build()
    except (RecordError, DateFormatError) as exc:
        return ImportItem(position, None, str(exc))
    problems = unknown_codes(data)
    if problems:
        return ImportItem(position, None, "; ".join(problems))
    return ImportItem(position, data)


def date_or_none(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise RecordError(f"{field}: {exc}") from None


def nice_number(value: str, where: str = "goods_services") -> int:
    """A Nice class from ``9``, ``09`` or ``009``; anything else is an unknown class."""
    digits = value.strip()
    if not digits.isdigit() or int(digits) not in NICE_CLASSES:
        raise RecordError(f"{where}: unknown Nice class {value!r} (the 12th edition has 1–45)")
    return int(digits)


def vienna_code(value: str) -> str:
    dotted = normalise_vienna(value)
    if dotted is None:
        raise RecordError(f"images: {value!r} is not a Vienna code")
    return dotted


def unknown_codes(data: Mapping[str, Any]) -> list[str]:
    """Codes a record mentions that the packaged lists do not know (ST.3, Vienna)."""
    problems: list[str] = []
    for image in data.get("images") or ():
        for code in image.get("vienna_codes") or ():
            if not is_vienna_code(code):
                problems.append(f"images: unknown Vienna code {code!r}")
    parties = list(data.get("parties") or ())
    parties += [c["producer"] for c in data.get("certificates") or () if c.get("producer")]
    for party in parties:
        country = party.get("country")
        if country and not is_st3_code(country):
            problems.append(f"parties: unknown ST.3 country code {country!r} "
                            f"({party.get('name')})")
    for priority in data.get("priorities") or ():
        if priority.get("country") and not is_st3_code(priority["country"]):
            problems.append(f"priorities: unknown ST.3 country code {priority['country']!r}")
    return problems


def as_mapping(record: Record | Mapping[str, Any]) -> Mapping[str, Any]:
    """Writers accept model records or their canonical mappings (as the store keeps them)."""
    if isinstance(record, Mapping):
        return record
    return record_to_dict(record)


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values so readers produce the same shape as ``record_to_dict``."""
    # A true value is never one of the empty ones: only false ones need comparing (0 stays).
    return {k: v for k, v in data.items() if v or v not in (None, "", [], {})}


def dedupe(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the first of equal mappings (USPTO lists one applicant once per version)."""
    out: list[dict[str, Any]] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out
