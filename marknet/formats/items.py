"""What a reader yields for the register's bulk import: one record read from a source, or the
reason it could not be read; ``SourceItem`` defers the reading to whoever asks first."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ImportItem", "SourceItem"]


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One record read from a source, or the reason it could not be read."""

    position: str
    data: Mapping[str, Any] | None = None
    error: str | None = None


class SourceItem(ImportItem):
    """An item still in its source form (an ST.96 record's bytes, say), read when ``data`` or
    ``error`` is first asked for.

    Reading a record can cost as much as validating it. A SourceItem pickles in source form,
    so the bulk import's worker processes read records as well as validate them, and the
    process that writes does neither. ``reader`` must pickle too (a module-level function,
    or a ``functools.partial`` of one).
    """

    __slots__ = ("_item", "reader", "source")
    source: bytes
    reader: Callable[[str, bytes], ImportItem]
    _item: ImportItem | None

    def __init__(self, position: str, source: bytes,
                 reader: Callable[[str, bytes], ImportItem]) -> None:
        object.__setattr__(self, "position", position)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "reader", reader)
        object.__setattr__(self, "_item", None)

    @property
    def data(self) -> Mapping[str, Any] | None:
        return self.read().data

    @property
    def error(self) -> str | None:
        return self.read().error

    def read(self) -> ImportItem:
        item = self._item
        if item is None:
            item = self.reader(self.position, self.source)
            object.__setattr__(self, "_item", item)
        return item

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourceItem):
            other = other.read()
        return self.read() == other

    __hash__ = None  # type: ignore[assignment]  # like ImportItem's, whose data is a dict

    def __reduce__(self) -> tuple[Any, ...]:
        return SourceItem, (self.position, self.source, self.reader)
