"""Tampering with any stored byte is found by verify, on every backend."""

from __future__ import annotations

import pytest

from marknet.model import EventType
from marknet.register import ImportItem, Register
from marknet.store import Store
from marknet.store.sql import SqlStore


def _register_with_history(store: Store) -> Register:
    register = Register(store, "RU")
    items = [ImportItem(str(i), {"office": "RU", "application_number": f"2021{i:06d}",
                                 "filing_date": "2021-02-03", "text": f"Савушкин {i}",
                                 "nice_classes": [29], "status": "published"})
             for i in range(1, 21)]
    register.import_items(items)
    register.transition("RU502021000000005", EventType.REGISTERED, "examiner:1",
                        {"registration_number": "900001", "registration_date": "2021-09-01"})
    return register


def _sql(store: Store, statement: str, *params: object) -> None:
    assert isinstance(store, SqlStore)
    with store.transaction():
        store.execute(statement, params)


def test_an_intact_register_verifies(store: Store) -> None:
    report = _register_with_history(store).verify()
    assert report.ok
    assert report.registers["RU"]["events"] == 21


@pytest.mark.parametrize(("statement", "problem", "seq"), [
    ("UPDATE events SET payload = replace(payload, 'Савушкин 7', 'Савушкин 8') WHERE seq = 7",
     "content altered", 7),
    ("UPDATE events SET actor = 'someone else' WHERE seq = 21", "content altered", 21),
    ("UPDATE events SET prev_hash = hash WHERE seq = 3", "link broken", 3),
    ("DELETE FROM events WHERE seq = 10", "sequence gap", 11),
    ("UPDATE records SET data = replace(data, 'Савушкин 12', 'Савушкін 12') "
     "WHERE id = 'RU502021000000012'", "differs from the projection", 12),
    ("UPDATE records SET status = 'registered' WHERE id = 'RU502021000000013'",
     "differs from the projection", 13),
])
def test_tampering_is_reported_at_the_first_bad_event(
        store: Store, statement: str, problem: str, seq: int) -> None:
    register = _register_with_history(store)
    _sql(store, statement)
    report = register.verify()
    assert not report.ok
    assert report.first_break is not None
    assert problem in report.first_break.problem
    assert report.first_break.seq == seq


def test_a_deleted_last_event_is_caught_by_the_head(store: Store) -> None:
    register = _register_with_history(store)
    _sql(store, "DELETE FROM events WHERE seq = 21")
    report = register.verify()
    assert report.first_break is not None
    assert "head does not match" in report.first_break.problem
