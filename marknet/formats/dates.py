"""Dates as offices publish them: ISO, ISO with a time-zone suffix, date-times, DD.MM.YYYY.

USPTO data carries dates like ``2000-04-03-04:00`` (an xsd:date with a zone offset). A
calendar date has no zone in the register's sense, so the offset is dropped, not applied.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T[0-9:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateFormatError(ValueError):
    """Not a date in any form the readers accept."""


def parse_date(value: str) -> str:
    """The ISO form (YYYY-MM-DD) of a published date; raises DateFormatError."""
    text = value.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
    elif match := _DOTTED.match(text):
        day, month, year = match.groups()
    elif match := _COMPACT.match(text):
        year, month, day = match.groups()
    else:
        raise DateFormatError(f"not a date: {value!r}")
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise DateFormatError(f"not a real date: {value!r}") from None
