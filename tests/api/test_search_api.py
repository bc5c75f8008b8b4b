"""GET /api/v1/search: modes, filters, reasons, visibility, paging and ETags."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.seed import CONFIDENTIAL, LUKOIL, bearer, build_app


def hits(client: TestClient, headers: dict[str, str] | None = None, **params: object
         ) -> list[dict[str, object]]:
    response = client.get("/api/v1/search", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    found: list[dict[str, object]] = response.json()["hits"]
    return found


def test_cyrillic_query_finds_the_latin_mark_and_says_why(client: TestClient) -> None:
    found = hits(client, q="лукойл")
    assert found[0]["id"] == LUKOIL
    first = found[0]
    assert {"id", "office", "text", "score", "nice_classes", "status", "why"} <= first.keys()
    why = first["why"]
    assert isinstance(why, dict)
    assert why["sound"]["score"] > 0.8
    assert why["sound"]["reason"]


@pytest.mark.parametrize("mode", ["exact", "prefix", "contains", "fuzzy", "phonetic",
                                  "translit", "similar"])
def test_every_mode_answers_with_reasons(client: TestClient, mode: str) -> None:
    query = {"exact": "Ромашка", "prefix": "Рома", "contains": "машк", "fuzzy": "Ромашко",
             "phonetic": "Romashka", "translit": "romashka", "similar": "Ромашка"}[mode]
    found = hits(client, q=query, mode=mode)
    assert any(h["text"] == "Ромашка" for h in found), (mode, found)
    assert all(h["why"] for h in found)


def test_class_filter_narrows(client: TestClient) -> None:
    assert len(hits(client, q="Ромашка", mode="exact")) == 2
    response = client.get("/api/v1/search", params={"q": "Ромашка", "mode": "exact", "class": 30})
    narrowed = response.json()["hits"]
    assert [h["nice_classes"] for h in narrowed] == [[30]]


def test_office_kind_and_status_filters(client: TestClient) -> None:
    assert {h["office"] for h in hits(client, q="Савушкин", office="BY")} == {"BY"}
    assert not hits(client, q="Савушкин", office="RU", mode="exact")
    gis = hits(client, q="Минская", kind="gi")
    assert gis
    assert all(h["record_type"] == "gi" for h in gis)
    assert not hits(client, q="LUKOIL", status="expired")
    assert hits(client, q="LUKOIL", status="in_force")


def test_unpublished_applications_stay_out_of_public_results(
        client: TestClient, tokens: dict[str, str]) -> None:
    def ids(headers: dict[str, str] | None) -> set[object]:
        return {h["id"] for h in hits(client, headers, q="Секретный проект", mode="exact")}

    assert CONFIDENTIAL not in ids(None)
    assert CONFIDENTIAL not in ids(bearer(tokens["bob"]))
    assert CONFIDENTIAL not in ids(bearer(tokens["petrov"]))
    assert CONFIDENTIAL in ids(bearer(tokens["ivanova"]))
    assert CONFIDENTIAL in ids(bearer(tokens["root"]))


@pytest.mark.parametrize(("params", "code"), [
    ({"q": "x", "mode": "regex"}, "invalid_request"),
    ({"q": "x", "class": 99}, "bad_input"),
    ({"q": ""}, "invalid_request"),
    ({"q": "!!!"}, "bad_input"),
    ({"q": "x" * 201}, "invalid_request"),
    ({"q": "x", "status": "alive"}, "bad_input"),
    ({"q": "x", "limit": 1000}, "invalid_request"),
])
def test_bad_parameters_are_problem_details(client: TestClient, params: dict[str, object],
                                            code: str) -> None:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code
    assert body["status"] == response.status_code
    assert body["detail"]


def test_paging_and_etag(client: TestClient) -> None:
    first = client.get("/api/v1/search", params={"q": "Ромашка", "mode": "exact", "limit": 1})
    body = first.json()
    assert len(body["hits"]) == 1
    assert "offset=1" in body["next"]
    second = client.get(body["next"]).json()
    assert second["hits"][0]["id"] != body["hits"][0]["id"]
    again = client.get("/api/v1/search", params={"q": "Ромашка", "mode": "exact", "limit": 1},
                       headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_searches_in_worker_processes_give_the_same_hits(node_dir: Path) -> None:
    with TestClient(build_app(node_dir)) as local:
        expected = local.get("/api/v1/search", params={"q": "лукойл"}).json()["hits"]
    with TestClient(build_app(node_dir, search_workers="1")) as pooled:
        found = pooled.get("/api/v1/search", params={"q": "лукойл"}).json()["hits"]
    assert [h["id"] for h in found] == [h["id"] for h in expected]
    assert found[0]["why"] == expected[0]["why"]
