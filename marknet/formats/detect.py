"""Choosing a reader: sniff a file's first bytes, or take the format the user forced.

``read_items`` is the one entry point ``marknet import`` calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from marknet.formats.csv_rospatent import read_csv
from marknet.formats.errors import FormatError, UnknownFormatError
from marknet.formats.euipo import looks_like_euipo, read_euipo
from marknet.formats.items import ImportItem
from marknet.formats.jsonl import read_jsonl
from marknet.formats.st66 import read_st66
from marknet.formats.st96 import read_st96
from marknet.formats.st96_tables import ST66

Reader = Callable[[Path, str | None], Iterator[ImportItem]]
READERS: dict[str, Reader] = {"st96": read_st96, "st66": read_st66, "jsonl": read_jsonl,
                              "csv": read_csv, "euipo": read_euipo}
FORMATS: tuple[str, ...] = tuple(READERS)
WRITE_FORMATS: tuple[str, ...] = ("st96", "st66", "jsonl", "csv")
_HEAD = 64 * 1024
_XMLNS = re.compile(rb"xmlns(?::\w+)?\s*=\s*[\"']([^\"']+)[\"']")


def detect_format(path: Path) -> str:
    """One of FORMATS, judged from the first 64 KB; raises UnknownFormatError."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError as exc:
        raise FormatError(f"{path}: cannot read: {exc.strerror}", file=str(path)) from None
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return "st66" if ST66.encode() in _XMLNS.findall(text) else "st96"
    if looks_like_euipo(text):
        return "euipo"
    if text.startswith(b"{") or (not text and path.suffix == ".jsonl"):
        return "jsonl"
    first = text.split(b"\n", 1)[0].lower()
    if b"application number" in first and (b";" in first or b"," in first):
        return "csv"
    raise UnknownFormatError(f"{path.name}: cannot tell the format from its start; "
                             f"pass one of {', '.join(FORMATS)}", file=str(path))


def read_items(path: Path, format: str = "auto",
               office: str | None = None) -> Iterator[ImportItem]:
    """Stream a file's records as ImportItems, in the given or the detected format.

    ``office`` fills in the office for sources that do not name it (Rospatent CSV: RU).
    """
    name = detect_format(path) if format == "auto" else format
    reader = READERS.get(name)
    if reader is None:
        raise UnknownFormatError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    return reader(path, office)
