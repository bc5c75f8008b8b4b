"""The marks the README's examples use, loaded by ``marknet demo`` beside the generated ones
so that every command of the README's tour finds what it shows.

The names are real brands (ЛУКОЙЛ/LUKOIL, the Belarusian Савушкин продукт and Крыніца);
the numbers, dates and classes are the README's, sample values, not the official entries.
"""

from __future__ import annotations

from typing import Any

# The README shows this one: `marknet show RU502020000740504`, and LUKOIL finding it.
LUKOIL_ID = "RU502020000740504"


def _mark(office: str, number: str, filed: str, text: str, language: str,
          goods: dict[int, list[str]], holder: str) -> dict[str, Any]:
    return {
        "office": office, "application_number": number, "filing_date": filed,
        "feature": "Word", "kind": "individual",
        "verbal_elements": [{"text": text, "language": language}],
        "goods_services": [{"nice_class": c, "terms": terms} for c, terms in goods.items()],
        "parties": [{"name": holder, "role": "holder", "country": office}],
        "status": "registered", "registration_number": number[-6:],
        "registration_date": f"{int(filed[:4]) + 1}{filed[4:]}",
        "expiry_date": f"{int(filed[:4]) + 10}{filed[4:]}",
    }


_ALL: list[dict[str, Any]] = [
    _mark("RU", "2020740504", "2020-11-23", "ЛУКОЙЛ", "ru",
          {4: ["моторное топливо", "смазочные масла"], 35: ["реклама"]}, "ПАО «ЛУКОЙЛ»"),
    _mark("BY", "a200300456", "2003-05-12", "Савушкин продукт", "ru",
          {29: ["молоко", "сыры", "творог"]}, "ОАО «Савушкин продукт»"),
    _mark("BY", "a200300457", "2003-05-12", "SAVUSHKIN", "en",
          {29: ["milk", "cheese"]}, "ОАО «Савушкин продукт»"),
    _mark("BY", "a200100123", "2001-03-14", "Крыніца", "be",
          {32: ["пиво", "квас"]}, "ОАО «Криница»"),
]


def tour_marks(office: str) -> list[dict[str, Any]]:
    """The README's example marks of one office (RU or BY)."""
    return [m for m in _ALL if m["office"] == office]
