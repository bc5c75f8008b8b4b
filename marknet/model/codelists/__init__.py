"""Code lists as package data: ST.3 office/country codes, Nice classes, Vienna codes.

The data files are generated from the published lists by ``scripts/gen_codelists.py``; a test
fails when they are stale. Loading is lazy and cached, so importing the model stays cheap.
Nice data: WIPO, NCL 12-2024, CC BY 4.0 (see NOTICE).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

EAEU_MEMBERS: frozenset[str] = frozenset({"AM", "BY", "KG", "KZ", "RU"})
NICE_CLASSES: range = range(1, 46)
_VIENNA_DIGITS = re.compile(r"^(\d{2})\.?(\d{2})?\.?(\d{2})?$")


def _open(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def st3_codes() -> dict[str, str]:
    """Current and former ST.3 codes → name."""
    rows = csv.DictReader(_open("st3.csv").splitlines())
    return {row["code"]: row["name"] for row in rows}


def is_st3_code(code: str) -> bool:
    return code in st3_codes()


def is_office_code(code: str) -> bool:
    """An office that can own a register: any ST.3 code except the 'unknown' XX."""
    return code != "XX" and is_st3_code(code)


@dataclass(frozen=True, slots=True)
class NiceClass:
    number: int
    kind: str  # "good" or "service"
    heading: str


@dataclass(frozen=True, slots=True)
class NiceTerm:
    basic_number: str
    term: str


@cache
def _nice() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_open("nice.json"))
    return data


def nice_edition() -> str:
    """The edition the packaged list holds, e.g. ``12-2024``."""
    return str(_nice()["edition"])


@cache
def _nice_classes() -> dict[int, dict[str, Any]]:
    return {int(c["number"]): c for c in _nice()["classes"]}


def nice_class(number: int) -> NiceClass:
    """Class ``number`` (1–45); raises KeyError for any other number."""
    item = _nice_classes()[number]
    return NiceClass(number, item["kind"], item["heading"])


@cache
def nice_terms(number: int) -> tuple[NiceTerm, ...]:
    """The edition's English terms of class ``number`` with their basic numbers."""
    return tuple(NiceTerm(t["basic_number"], t["term"])
                 for t in _nice_classes()[number]["terms"])


def normalise_vienna(code: str) -> str | None:
    """``010101`` or ``01.01.01`` → ``01.01.01`` (categories and divisions too); else None."""
    match = _VIENNA_DIGITS.match(code.strip())
    if match is None:
        return None
    parts = [p for p in match.groups() if p]
    return ".".join(parts)


@cache
def vienna_codes() -> dict[str, str]:
    """Vienna categories, divisions and sections (dotted form) → English description."""
    return {row["code"]: row["description"]
            for row in csv.DictReader(_open("vienna.csv").splitlines())}


def is_vienna_code(code: str) -> bool:
    """A known category, division or section, in dotted (01.01.01) or bare (010101) form."""
    dotted = normalise_vienna(code)
    return dotted is not None and dotted in vienna_codes()


def vienna_description(code: str) -> str:
    """The description of a Vienna code in either form; raises KeyError when unknown."""
    dotted = normalise_vienna(code)
    if dotted is None or dotted not in vienna_codes():
        raise KeyError(code)
    return vienna_codes()[dotted]
