"""Within-file duplicates name where the record was first seen, from a compact memory."""

from __future__ import annotations

from typing import Any

import pytest

from marknet.register import ImportItem, Register
from marknet.register.importer import _Seen
from marknet.store import Store

POSITIONS = [
    "marks.xml:/TrademarkTransaction/TrademarkTransactionBody/TrademarkBag/Trademark[{}]",
    "f.jsonl:line {}", "f.csv:line 0{}", "{}", "x", "", "а/б[{}]é", "n[{}]9999999999",
    "big[12345678901234567890{}]", "odd:line 1{}\n", "½[{}]",
]


def test_every_first_position_comes_back_exactly() -> None:
    seen = _Seen()
    expected: dict[str, str] = {}
    for i in range(5000):  # several times the table's first size: it grows, probes collide
        position = POSITIONS[i % len(POSITIONS)].format(i)
        record_id = f"RU/TM/{i * 7919 % 100_003}"
        first = seen.note(record_id, position)
        assert first == expected.get(record_id)
        expected.setdefault(record_id, position)
    for record_id, position in expected.items():
        assert seen.note(record_id, "elsewhere") == position
    assert seen.note("", "the empty id") is None
    assert seen.note("", "again") == "the empty id"


def mark(number: str) -> dict[str, Any]:
    return {"office": "RU", "application_number": number, "filing_date": "2020-11-23",
            "text": "ЛУКОЙЛ", "nice_classes": [4], "status": "filed"}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_duplicate_within_a_file_names_the_first_position(store: Store,
                                                            workers: int) -> None:
    path = "m.xml:/TrademarkTransaction/TrademarkBag/Trademark[{}]"
    items = [ImportItem(path.format(i), mark(f"2020{i % 1500:06d}")) for i in range(1, 2001)]
    report = Register(store, "RU").import_items(items, workers=workers)
    assert report.imported == 1500
    reasons = {r.position: r.reason for r in report.rejected}
    assert len(reasons) == 500
    assert reasons[path.format(1501)] == (
        "duplicate application number 2020000001 (RU502020000000001); first seen at "
        + path.format(1))
    assert reasons[path.format(2000)].endswith("first seen at " + path.format(500))
