"""Deadline arithmetic: calendar months, then the office's weekends and public holidays.

A deadline that falls on a non-working day moves to the next working day (DESIGN.md §4).
Public holidays come from the maintained ``holidays`` package, per office (ST.3 = ISO country).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import holidays

from marknet.model.dates import add_months
from marknet.settings import Deadline

_SATURDAY = 5


@cache
def _holidays(office: str, year: int) -> frozenset[dt.date]:
    try:
        table: Any = holidays.country_holidays(office, years=year)
    except NotImplementedError:  # an office the package does not cover: weekends only
        return frozenset()
    return frozenset(table.keys())


def is_working_day(day: dt.date, office: str) -> bool:
    return day.weekday() < _SATURDAY and day not in _holidays(office, day.year)


def next_working_day(day: dt.date, office: str) -> dt.date:
    while not is_working_day(day, office):
        day += dt.timedelta(days=1)
    return day


def due_date(start: dt.date, months: int, office: str) -> dt.date:
    """The last day to act: ``months`` calendar months after ``start``, on a working day."""
    return next_working_day(add_months(start, months), office)


def describe(name: str, setting: Deadline | None) -> str:
    """How a deadline is computed, for people: ``reply_to_notice: 6 months (art. 1499)``."""
    if setting is None:
        return name
    flag = " [check]" if setting.check else ""
    source = f" ({setting.source})" if setting.source else ""
    return f"{name}: {setting.months} months{source}{flag}"
