"""JSON Lines: one record mapping per line (the foundation's interchange format)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import orjson

from marknet.register.importer import ImportItem

MAX_LINE_BYTES = 1_000_000


def read_jsonl(path: Path) -> Iterator[ImportItem]:
    """Each non-blank line as an ImportItem; a malformed line is an item with its error."""
    with path.open("rb") as handle:
        yield from parse_lines(handle, path.name)


def parse_lines(handle: IO[bytes], name: str) -> Iterator[ImportItem]:
    for number, raw in enumerate(handle, start=1):
        position = f"{name}:{number}"
        line = raw.strip()
        if not line:
            continue
        if len(line) > MAX_LINE_BYTES:
            yield ImportItem(position, error=f"line {number}: longer than {MAX_LINE_BYTES} bytes")
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield ImportItem(position, error=f"line {number}: malformed JSON ({exc})")
            continue
        if not isinstance(data, dict):
            yield ImportItem(position, error=f"line {number}: a record must be a JSON object")
            continue
        yield ImportItem(position, data)


def write_jsonl(mappings: Iterable[Mapping[str, Any]], path: Path) -> int:
    """Write record mappings (``record_to_dict``'s canonical form), one per line.

    The file appears whole or not at all: it is written aside and renamed at the end.
    """
    count = 0
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as handle:
        for mapping in mappings:
            handle.write(orjson.dumps(mapping) + b"\n")
            count += 1
    tmp.replace(path)
    return count
