"""A field reader that collects every error of a mapping instead of stopping at the first.

Used to turn loosely typed input (a JSON line, an API body) into model values. It knows
nothing of JSON itself: it reads Python mappings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from marknet.errors import FieldError

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MISSING = object()


class FieldReader:
    """Reads typed values from a mapping, recording a FieldError per bad field."""

    def __init__(self, data: Mapping[str, Any], prefix: str = "",
                 errors: list[FieldError] | None = None) -> None:
        self.data = data
        self.prefix = prefix
        self.errors: list[FieldError] = [] if errors is None else errors

    def path(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str, message: str) -> None:
        self.errors.append(FieldError(self.path(key), message))

    def child(self, value: Any, key: str) -> FieldReader | None:
        if not isinstance(value, Mapping):
            self.fail(key, "must be an object")
            return None
        return FieldReader(value, f"{self.path(key)}.", self.errors)

    def raw(self, key: str, required: bool = False) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.fail(key, "is required")
            return None
        return value

    def text(self, key: str, required: bool = False, max_length: int = 10_000) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(key, f"must be a string, not {type(value).__name__}")
            return None
        value = value.strip()
        if required and not value:
            self.fail(key, "must not be empty")
            return None
        if len(value) > max_length:
            self.fail(key, f"is longer than {max_length} characters")
            return None
        return value or None

    def integer(self, key: str, required: bool = False) -> int | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"must be an integer, not {value!r}")
            return None
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self.raw(key, required)
        if value is None:
            return None
        return parse_date(value, lambda message: self.fail(key, message))

    def enum(self, key: str, enum: type[E], default: E | None = None) -> E | None:
        value = self.raw(key)
        if value is None:
            return default
        return parse_enum(value, enum, lambda message: self.fail(key, message))

    def choice(self, key: str, enum: type[E], default: E) -> E:
        """An enum value with a default; a bad value is recorded and the default returned."""
        return self.enum(key, enum, default) or default

    def items(self, key: str) -> list[Any]:
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "must be a list")
            return []
        return value

    def objects(self, key: str, build: Callable[[FieldReader], T | None]) -> tuple[T, ...]:
        """Build one value per object of a list field, with indexed error paths."""
        if self.data.get(key) is None:
            return ()
        out: list[T] = []
        for index, item in enumerate(self.items(key)):
            reader = self.child(item, f"{key}[{index}]")
            if reader is not None:
                built = build(reader)
                if built is not None:
                    out.append(built)
        return tuple(out)

    def strings(self, key: str) -> tuple[str, ...]:
        out: list[str] = []
        for index, item in enumerate(self.items(key)):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.fail(f"{key}[{index}]", "must be a non-empty string")
        return tuple(out)


def parse_date(value: Any, fail: Callable[[str], None]) -> dt.date | None:
    """A calendar date from YYYY-MM-DD (a date object passes through)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        fail(f"must be a date YYYY-MM-DD, not {value!r}")
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        fail(f"is not a real date: {value!r}")
        return None


@cache
def _members(enum: type[StrEnum]) -> dict[str, StrEnum]:
    table: dict[str, StrEnum] = {}
    for member in enum:
        table[member.name.casefold()] = member
        table[member.value.casefold()] = member
    return table


def parse_enum(value: Any, enum: type[E], fail: Callable[[str], None]) -> E | None:
    """An enum member by value or name, matched case-insensitively."""
    if isinstance(value, str):
        member = _members(enum).get(value.strip().casefold())
        if member is not None:
            return member  # type: ignore[return-value]
    allowed = ", ".join(m.value for m in enum)
    fail(f"must be one of {allowed}, not {value!r}")
    return None
