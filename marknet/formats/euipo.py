"""The EUIPO sample (data/euipo-marks-2020/marks.json): a test corpus of real EU marks.

The file is one JSON object, number → {Date, Text?, Codes[]} (Vienna codes as ``010101``).
It is 4 MB, so it is read whole; every mark becomes an EM trademark mapping, figurative
when it has no text and combined when it has.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from marknet.formats.errors import FormatError
from marknet.formats.items import ImportItem
from marknet.formats.records import RecordError, build_item, date_or_none, vienna_code


def read_euipo(path: Path, office: str | None = None) -> Iterator[ImportItem]:
    try:
        marks = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise FormatError(f"{path.name}: not JSON: {exc}", file=str(path)) from None
    if not isinstance(marks, dict):
        raise FormatError(f"{path.name}: expected an object of marks by number", file=str(path))
    for number, mark in marks.items():
        yield build_item(f"{path.name}:{number}", partial(_mark, number, mark))


def _mark(number: str, mark: Any) -> dict[str, Any]:
    if not isinstance(mark, dict):
        raise RecordError(f"{number}: not an object")
    text = (mark.get("Text") or "").strip()
    codes = sorted({vienna_code(c) for c in mark.get("Codes") or []})
    data: dict[str, Any] = {
        "record_type": "trademark", "office": "EM", "application_number": number,
        "filing_date": date_or_none(mark.get("Date"), "filing_date"),
        "feature": "Combined" if text else "Figurative",
        "images": [{"name": f"{number}.jpg", "vienna_codes": codes}],
    }
    if text:
        data["verbal_elements"] = [{"text": text}]
    return data


def looks_like_euipo(head: bytes) -> bool:
    """The sample starts ``{ "000001123": {`` — an object keyed by digit strings."""
    stripped = head.lstrip()
    return stripped.startswith(b"{") and stripped[1:].lstrip().startswith(b'"0')
