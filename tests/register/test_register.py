from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from marknet.errors import ConflictError, TransitionError
from marknet.model import EventType, Status, record_from_dict
from marknet.register import ImportItem, Register
from marknet.store import Store


def lukoil(status: str = "filed", **extra: Any) -> dict[str, Any]:
    return {"office": "RU", "application_number": "2020740504", "filing_date": "2020-11-23",
            "text": "ЛУКОЙЛ", "nice_classes": [4, 35], "status": status, **extra}


def test_filing_then_the_way_to_registration(store: Store) -> None:
    register = Register(store, "RU")
    register.file(record_from_dict(lukoil()), actor="applicant:1")
    mark_id = "RU502020000740504"
    register.transition(mark_id, EventType.FORMAL_EXAMINATION_PASSED, "examiner:7")
    register.transition(mark_id, EventType.PUBLISHED, "examiner:7",
                        {"bulletin": "2021/05", "date": "2021-02-20"})
    mark = register.transition(mark_id, EventType.REGISTERED, "examiner:7",
                               {"registration_number": "800123",
                                "registration_date": "2021-06-01",
                                "expiry_date": "2030-11-23"})
    assert mark.status is Status.REGISTERED
    assert mark.registration_number == "800123"
    assert [e.type for e in register.history(mark_id)] == [
        EventType.FILED, EventType.FORMAL_EXAMINATION_PASSED, EventType.PUBLISHED,
        EventType.REGISTERED]
    assert register.verify().ok


def test_an_illegal_transition_raises_and_changes_nothing(store: Store) -> None:
    register = Register(store, "RU")
    register.import_items([ImportItem("1", lukoil("refused"))])
    head_before = store.head("RU")
    with pytest.raises(TransitionError, match="cannot record registered on a refused trademark"):
        register.transition("RU502020000740504", EventType.REGISTERED, "examiner:7",
                            {"registration_number": "1", "registration_date": "2021-01-01"})
    assert store.head("RU") == head_before
    assert register.get("RU502020000740504").status is Status.REFUSED


def test_a_transition_that_would_leave_an_invalid_record_is_refused(store: Store) -> None:
    register = Register(store, "RU")
    register.import_items([ImportItem("1", lukoil("published"))])
    with pytest.raises(TransitionError, match="registration_date"):
        register.transition("RU502020000740504", EventType.REGISTERED, "examiner:7",
                            {"registration_number": "1", "registration_date": "2019-01-01"})
    assert register.get("RU502020000740504").status is Status.PUBLISHED


def test_certificates_only_on_gis(store: Store) -> None:
    register = Register(store, "RU")
    register.import_items([ImportItem("1", lukoil("registered"))])
    with pytest.raises(TransitionError, match="does not apply to a trademark"):
        register.transition("RU502020000740504", EventType.CERTIFICATE_ISSUED, "examiner:7",
                            {"certificate": {}})


def test_a_gi_gets_a_later_producers_certificate(store: Store) -> None:
    register = Register(store, "RU")
    register.import_items([ImportItem("gi", {
        "record_type": "gi", "office": "RU", "application_number": "2019700207",
        "filing_date": "2019-05-20", "status": "registered",
        "names": [{"text": "Тульский пряник", "language": "ru"}],
        "product": "пряники", "nice_class": 30})])
    gi = register.transition("RU522019000700207", EventType.CERTIFICATE_ISSUED, "examiner:3", {
        "certificate": {"number": "207/2", "filing_date": "2024-03-01",
                        "expiry_date": "2034-03-01",
                        "producer": {"name": "ООО «Тульская пряничная фабрика»",
                                     "role": "producer", "country": "RU"}}})
    assert [c.number for c in gi.certificates] == ["207/2"]  # type: ignore[union-attr]
    gi = register.transition("RU522019000700207", EventType.CERTIFICATE_TERMINATED,
                             "examiner:3", {"number": "207/2"})
    assert gi.certificates[0].status.value == "terminated"  # type: ignore[union-attr]


def test_filing_twice_is_a_duplicate(store: Store) -> None:
    register = Register(store, "RU")
    register.file(record_from_dict(lukoil()), actor="applicant:1")
    with pytest.raises(ConflictError, match="duplicate application number"):
        register.file(record_from_dict(lukoil()), actor="applicant:1")


def test_a_node_cannot_change_a_register_it_only_mirrors(store: Store) -> None:
    Register(store, "BY").import_items([ImportItem("1", {
        "office": "BY", "application_number": "a20200001", "filing_date": "2020-01-10",
        "text": "Крыніца", "nice_classes": [32], "status": "published"})])
    with pytest.raises(TransitionError, match="only mirrors"):
        Register(store, "RU").transition("BY502020000000001", EventType.REFUSED, "examiner:1")


def test_import_reports_bad_items_and_keeps_the_good(store: Store) -> None:
    register = Register(store, "RU")
    report = register.import_items([
        ImportItem("f:1", lukoil()),
        ImportItem("f:2", error="line 2: malformed JSON"),
        ImportItem("f:3", {**lukoil(), "nice_classes": [99]}),
        ImportItem("f:4", {**lukoil(), "text": "LUKOIL"}),  # same number, other data
        ImportItem("f:5", {**lukoil(), "application_number": "2020740505", "office": "BY"}),
        ImportItem("f:6", {**lukoil(), "application_number": "2021000001",
                           "filing_date": "2021-01-02"}),
    ])
    assert report.imported == 2
    reasons = {r.position: r.reason for r in report.rejected}
    assert set(reasons) == {"f:2", "f:3", "f:4", "f:5"}
    assert "duplicate application number" in reasons["f:4"]
    assert "Nice class must be 1–45" in reasons["f:3"]
    assert "cannot enter the RU register" in reasons["f:5"]


def test_reimporting_the_same_records_changes_nothing(store: Store) -> None:
    register = Register(store, "RU")
    items = [ImportItem(str(i), {**lukoil(), "application_number": f"2020{i:06d}"})
             for i in range(1, 50)]
    first = register.import_items(items)
    head = store.head("RU")
    second = register.import_items(items)
    assert (first.imported, second.imported, second.unchanged) == (49, 0, 49)
    assert store.head("RU") == head


def test_events_carry_the_clock_and_the_actor(store: Store) -> None:
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    register = Register(store, "RU", clock=lambda: moment)
    register.file(record_from_dict(lukoil()), actor="applicant:42")
    (event,) = register.history("RU502020000740504")
    assert (event.recorded_at, event.actor, event.seq) == (moment, "applicant:42", 1)
