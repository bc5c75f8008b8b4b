"""Shared search fixtures: real multi-script marks and GIs, plus sample marks around them."""

from __future__ import annotations

from typing import Any

import pytest

from marknet.sample.generator import generate_records
from marknet.search import SearchIndex


def mark(number: int, text: str, classes: list[int], status: str = "registered",
         office: str = "RU", filed: str = "2015-03-02", feature: str = "Word",
         vienna: list[str] | None = None) -> dict[str, Any]:
    """A trademark mapping in the canonical shape (``record_to_dict``)."""
    record: dict[str, Any] = {
        "record_type": "trademark", "office": office,
        "application_number": f"{filed[:4]}{number}", "filing_date": filed, "status": status,
        "feature": feature, "verbal_elements": [{"text": text}],
        "goods_services": [{"nice_class": c} for c in classes]}
    if vienna:
        record["images"] = [{"name": "image-1.png", "vienna_codes": vienna}]
    return record


def gi(number: int, names: list[str], nice_class: int, office: str = "RU") -> dict[str, Any]:
    return {"record_type": "gi", "office": office, "application_number": f"2018{number}",
            "filing_date": "2018-03-12", "status": "registered", "kind": "ao",
            "names": [{"text": n} for n in names], "nice_class": nice_class,
            "product": "сливочное масло" if nice_class == 29 else "пряники"}


REAL = [
    mark(800001, "ЛУКОЙЛ", [4, 35]),
    mark(800002, "Кока-Кола", [32], filed="1999-05-10"),
    mark(800003, "Крыніца", [32], office="BY", status="examination", filed="2021-06-01"),
    mark(800004, "Савушкин продукт", [29], office="BY", feature="Combined",
         vienna=["26.04.02", "27.05.01"]),
    mark(800005, "ВОЛОГОДСКОЕ МАСЛО ПРЕМИУМ", [29], status="filed", filed="2023-01-20"),
    mark(800006, "Microsoft", [9, 42], status="expired", filed="1995-02-01"),
    mark(800007, "Солнце", [30]),
    mark(800008, "NESCAFE", [30], filed="2001-07-07"),
    gi(700101, ["Вологодское масло", "Vologda butter"], 29),
    gi(700207, ["Тульский пряник"], 30),
]
REAL_IDS = {
    "lukoil": "RU502015000800001", "coca": "RU501999000800002", "krynica": "BY502021000800003",
    "savushkin": "BY502015000800004", "vologda_tm": "RU502023000800005",
    "microsoft": "RU501995000800006", "sun": "RU502015000800007",
    "nescafe": "RU502001000800008", "vologda_gi": "RU522018000700101",
}


@pytest.fixture(scope="session")
def index() -> SearchIndex:
    return SearchIndex.from_records([*REAL, *generate_records(3000, 5, "RU")], workers=1)
