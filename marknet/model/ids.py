"""Identifiers: WIPO ST.13 application ids as used by the Global Brand Database."""

from __future__ import annotations

import re
from enum import StrEnum

_NON_DIGITS = re.compile(r"\D+")
ST13_LENGTH = 17
_ST13 = re.compile(r"^[A-Z]{2}(50|52)\d{13}$")


class IPType(StrEnum):
    """ST.13 IP-type codes used by marknet."""

    TRADEMARK = "50"
    GEOGRAPHICAL_INDICATION = "52"


def serial_digits(application_number: str, filing_year: int) -> str:
    """The serial part of a national application number: digits only, year prefix dropped.

    Rospatent numbers are year + serial (``2020740504`` → ``740504``): ST.13 already carries
    the year, so a leading copy of it is not repeated.
    """
    digits = _NON_DIGITS.sub("", application_number)
    year = str(filing_year)
    if digits.startswith(year) and len(digits) > len(year):
        digits = digits[len(year):]
    return digits


def st13(office: str, ip_type: IPType, filing_year: int, application_number: str) -> str:
    """ST.13 id: office (2) + IP type (2) + filing year (4) + serial left-padded to 17 in all.

    >>> st13("RU", IPType.TRADEMARK, 2020, "2020740504")
    'RU502020000740504'
    """
    head = f"{office}{ip_type.value}{filing_year:04d}"
    serial = serial_digits(application_number, filing_year)
    width = ST13_LENGTH - len(head)
    if not serial or len(serial) > width:
        raise ValueError(
            f"application number {application_number!r} does not fit ST.13 "
            f"({width} digits after office, type and year)"
        )
    return head + serial.rjust(width, "0")


def is_st13(value: str) -> bool:
    return bool(_ST13.match(value))
