"""JSON Lines: one record mapping per line, the foundation's exchange format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import orjson

from marknet.formats.items import ImportItem
from marknet.formats.records import as_mapping, build_item
from marknet.model import Record

MAX_LINE = 16 * 1024 * 1024  # a record is kilobytes; a longer line is not a record


def read_jsonl(path: Path, office: str | None = None) -> Iterator[ImportItem]:
    """One ImportItem per non-blank line; a malformed line becomes an error item."""
    with path.open("rb") as handle:
        number = 0
        while True:
            line = handle.readline(MAX_LINE)
            if not line:
                return
            number += 1
            position = f"{path.name}:line {number}"
            if len(line) == MAX_LINE and not line.endswith(b"\n"):
                _skip_rest(handle)
                yield ImportItem(position, None, f"line {number}: longer than {MAX_LINE} bytes")
                continue
            if not line.strip():
                continue
            yield _item(position, number, line, office)


def _item(position: str, number: int, line: bytes, office: str | None) -> ImportItem:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return ImportItem(position, None, f"line {number}: malformed JSON: {exc}")
    if not isinstance(value, dict):
        return ImportItem(position, None, f"line {number}: not a JSON object")
    if office and "office" not in value:
        value["office"] = office
    return build_item(position, lambda: value)


def _skip_rest(handle: IO[bytes]) -> None:
    while (chunk := handle.readline(MAX_LINE)) and not chunk.endswith(b"\n"):
        pass


def write_jsonl(records: Iterable[Record | Mapping[str, Any]], path: Path) -> int:
    """Write canonical mappings, one per line; returns the number written.

    The file appears whole or not at all: it is written beside the target and renamed at the end.
    """
    count = 0
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as handle:
            for record in records:
                handle.write(orjson.dumps(as_mapping(record)) + b"\n")
                count += 1
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count
