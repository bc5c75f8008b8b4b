"""Code lists as package data: ST.3 office/country codes, Nice classes, Vienna codes.

The data files are generated from the published lists by ``scripts/gen_codelists.py``; a test
fails when they are stale. Loading is lazy and cached, so importing the model stays cheap.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

EAEU_MEMBERS: frozenset[str] = frozenset({"AM", "BY", "KG", "KZ", "RU"})
NICE_CLASSES: range = range(1, 46)


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
