"""Filing dates and numbers are the office's (issue #12, items 2 and 3): an applicant cannot
backdate a filing or choose its number, priority claims are checked and shown as claims, and a
refused filing uses no number up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marknet.accounts.users import get_user, issue_token
from marknet.api.v1.context import SESSION_COOKIE
from marknet.register import ImportItem, Register
from tests.api.seed import bearer

LUKOYL = {"text": "ЛУКОЙЛ-Т", "goods_services": [{"nice_class": 4, "terms": ["motor oil"]}],
          "parties": [{"name": "ООО «Лукойл-Т»", "role": "applicant", "country": "RU"}]}


def _file(client: TestClient, token: str, **extra: Any) -> Any:
    return client.post("/api/v1/applications", json={**LUKOYL, **extra}, headers=bearer(token))


def _head(client: TestClient) -> tuple[int, str]:
    head = client.app.state.store.head("RU")  # type: ignore[attr-defined]
    return head.seq, head.hash


@pytest.mark.parametrize(("field", "value"), [("filing_date", "1995-01-01"),
                                              ("application_number", "2026000005")])
def test_the_applicant_cannot_set_the_filing_date_or_number(
        client: TestClient, tokens: dict[str, str], field: str, value: str) -> None:
    before = _head(client)
    refused = _file(client, tokens["alice"], **{field: value})
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "invalid_record"
    assert [e["field"] for e in problem["errors"]] == [field]
    assert field in problem["detail"]
    assert "\n" not in problem["detail"]
    assert _head(client) == before  # nothing written


def test_a_refused_filing_uses_no_number(client: TestClient, tokens: dict[str, str]) -> None:
    bad: dict[str, Any]
    for bad in ({"application_number": "2026000005"}, {"goods_services": []}):
        assert _file(client, tokens["alice"], **bad).status_code == 422
    first = _file(client, tokens["alice"]).json()["record"]
    second = _file(client, tokens["alice"]).json()["record"]
    year = first["filing_date"][:4]
    assert (first["application_number"], second["application_number"]) == (
        f"{year}000001", f"{year}000002")


def test_the_filing_date_is_the_day_of_receipt(client: TestClient,
                                               tokens: dict[str, str]) -> None:
    filed = _file(client, tokens["alice"]).json()["record"]
    procedures = client.app.state.procedures  # type: ignore[attr-defined]
    assert filed["filing_date"] == procedures.today().isoformat()


def test_an_imported_number_is_skipped_and_no_conflict_reveals_it(
        client: TestClient, tokens: dict[str, str]) -> None:
    """A bulk import keeps its numbers; the office's next number steps over a taken one, so
    the applicant never meets a 409 about someone else's unpublished application."""
    procedures = client.app.state.procedures  # type: ignore[attr-defined]
    year = procedures.today().year
    store = client.app.state.store  # type: ignore[attr-defined]
    report = Register(store, "RU").import_items([ImportItem("1", {
        "office": "RU", "application_number": f"{year}000001",
        "filing_date": procedures.today().isoformat(), "text": "СЕКРЕТ", "nice_classes": [4],
        "status": "filed"})])
    assert report.imported == 1
    response = _file(client, tokens["alice"])
    assert response.status_code == 201, response.text
    assert response.json()["record"]["application_number"] == f"{year}000002"


def test_priority_claims_are_checked(client: TestClient, tokens: dict[str, str]) -> None:
    today = client.app.state.procedures.today()  # type: ignore[attr-defined]
    old = (today - dt.timedelta(days=200)).isoformat()
    recent = (today - dt.timedelta(days=30)).isoformat()
    cases = [
        ({"kind": "paris", "country": "BY", "number": "a20250001", "date": old},
         "priorities[0].date"),
        ({"kind": "exhibition", "country": "RU", "number": "EXPO-7", "date": recent},
         "priorities[0].proof"),
        ({"kind": "paris", "country": "ZZ", "number": "1", "date": recent},
         "priorities[0].country"),
    ]
    for claim, field in cases:
        refused = _file(client, tokens["alice"], priorities=[claim])
        assert refused.status_code == 422, claim
        assert field in [e["field"] for e in refused.json()["errors"]]


def test_valid_claims_are_kept_and_shown_as_claims(client: TestClient,
                                                   tokens: dict[str, str]) -> None:
    today = client.app.state.procedures.today()  # type: ignore[attr-defined]
    recent = (today - dt.timedelta(days=30)).isoformat()
    claims = [{"kind": "paris", "country": "BY", "number": "a20250001", "date": recent},
              {"kind": "exhibition", "country": "RU", "number": "EXPO-7", "date": recent,
               "proof": "certificate 7/2025 of the Moscow International Motor Show"}]
    response = _file(client, tokens["alice"], priorities=claims)
    assert response.status_code == 201, response.text
    record = response.json()["record"]
    assert record["filing_date"] == today.isoformat()  # the claim does not move the filing
    assert record["priorities"] == claims
    store = client.app.state.store  # type: ignore[attr-defined]
    session, _ = issue_token(store, get_user(store, "alice"), "session", dt.timedelta(hours=1))
    client.cookies.set(SESSION_COOKIE, session)
    page = client.get(f"/records/{record['id']}?lang=en")
    assert page.status_code == 200, page.text[:300]
    assert "Paris Convention priority (claimed)" in page.text
    assert "exhibition priority (claimed)" in page.text
