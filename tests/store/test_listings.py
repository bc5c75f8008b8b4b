"""The store's typed queries for the API and the pages, on every backend: listings limited to
what a caller may see, the bulletin's days, API filings and the examiner's open cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from marknet.store import Listing, Scope, Store, StoredRecord
from tests.store.test_contract import NOW, _append, _record


def _with(record: StoredRecord, status: str, filed: str | None = None) -> StoredRecord:
    data = {**record.data, "status": status, "filing_date": filed or record.data["filing_date"]}
    return replace(record, status=status, data=data)


@pytest.fixture
def mixed(store: Store) -> Store:
    """RU: 1 registered, 2 filed, 3 published (filed earliest); BY: 7 filed."""
    _append(store, [_with(_record(1), "registered", "2021-03-05"), _record(2),
                    _with(_record(3), "published", "2021-01-01")])
    _append(store, [_record(7, "BY", "2024-01-01")], register="BY")
    return store


def _ids(store: Store, listing: Listing) -> list[str]:
    return [r.id[-1] for r in store.list_records(listing)]


def test_a_listing_shows_only_what_the_scope_allows(mixed: Store) -> None:
    public = Scope(statuses=frozenset({"registered", "published"}))
    assert _ids(mixed, Listing(public)) == ["1", "3"]
    assert _ids(mixed, Listing(Scope(everything=True))) == ["7", "1", "2", "3"]  # BY… first
    assert _ids(mixed, Listing(replace(public, office="BY"))) == ["7", "1", "3"]
    assert _ids(mixed, Listing(Scope())) == []  # nothing allowed, nothing shown


def test_a_listing_filters_orders_and_pages(mixed: Store) -> None:
    every = Scope(everything=True)
    assert _ids(mixed, Listing(every, office="RU", status="filed")) == ["2"]
    assert _ids(mixed, Listing(every, order="filing_date")) == ["3", "2", "1", "7"]
    assert _ids(mixed, Listing(every, order="-filing_date")) == ["7", "1", "2", "3"]
    assert _ids(mixed, Listing(every, order="id", limit=2, offset=1)) == ["1", "2"]
    with pytest.raises(ValueError, match="unknown order"):
        mixed.list_records(Listing(every, order="data; DROP TABLE records"))


def test_filings_make_an_applicants_own_records_visible(mixed: Store) -> None:
    with mixed.transaction():
        mixed.add_filing("RU502021000000002", "user-1", NOW)
    assert mixed.filings_of("user-1", ["RU502021000000002", "RU502021000000001"]) == {
        "RU502021000000002"}
    assert mixed.filings_of("user-2", ["RU502021000000002"]) == set()
    many = [f"RU50202100000{n:04d}" for n in range(1200)]  # past one IN (…) chunk
    assert mixed.filings_of("user-1", [*many, "RU502021000000002"]) == {"RU502021000000002"}
    mine = Scope(statuses=frozenset({"registered"}), filer="user-1")
    assert _ids(mixed, Listing(mine)) == ["1", "2"]


def test_event_days_and_the_records_of_a_day(mixed: Store) -> None:
    assert mixed.event_dates("RU", ["imported"], 10) == [dt.date(2021, 3, 4)]
    assert mixed.event_dates("RU", ["registered"], 10) == []
    assert mixed.records_with_event("RU", "imported", dt.date(2021, 3, 4), 2) == [
        "RU502021000000001", "RU502021000000002"]
    assert mixed.records_with_event("RU", "imported", dt.date(2021, 3, 5), 10) == []


def test_open_cases_by_office_and_by_filer(mixed: Store) -> None:
    with mixed.transaction():
        for record_id, office in (("RU502021000000002", "RU"), ("RU502021000000003", "RU"),
                                  ("BY502021000000007", "BY"), ("RU502021000000001", "RU")):
            mixed.execute("INSERT INTO procedure_cases (record_id, workflow, office, state, "
                          "data, opened_at, updated_at) VALUES (?, 'national', ?, 'open', "
                          "'{}', ?, ?)", (record_id, office, NOW.isoformat(), NOW.isoformat()))
        mixed.add_filing("RU502021000000002", "user-1", NOW)
    pending = ("filed", "examination", "published")
    ru = mixed.open_cases(pending, "RU", None, 10)
    assert [(r.id[-1], wf, state) for r, wf, state in ru] == [("3", "national", "open"),
                                                              ("2", "national", "open")]
    assert ru[0][0].data["status"] == "published"
    assert [r.id[-1] for r, _, _ in mixed.open_cases(pending, None, "user-1", 10)] == ["2"]
    assert [r.id[-1] for r, _, _ in mixed.open_cases(pending, None, None, 1)] == ["3"]


def test_saved_searches_belong_to_their_user(store: Store) -> None:
    with store.transaction():
        store.add_saved_search("s1", "user-1", "ЛУКОЙЛ", "q=%D0%BB", "2026-12-01T00:00:00+00:00")
        store.add_saved_search("s2", "user-1", "Крыніца", "q=k", "2026-12-02T00:00:00+00:00")
    assert store.saved_search_count("user-1") == 2
    assert [s["name"] for s in store.saved_searches("user-1")] == ["Крыніца", "ЛУКОЙЛ"]
    with store.transaction():
        assert not store.delete_saved_search("user-2", "s1")  # not theirs
        assert store.delete_saved_search("user-1", "s1")
    assert [s["id"] for s in store.saved_searches("user-1")] == ["s2"]
