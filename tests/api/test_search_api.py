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
    assert all(h["kind"] == "gi" for h in gis)
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


def test_refused_marks_are_public_only_if_they_were_published(
        node_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index knows which refused marks were ever published: the public's search asks the
    store nothing, and sees the published refusal but not the unpublished one."""
    from marknet.node import open_node
    from marknet.register import ImportItem
    from marknet.store.sql import SqlStore
    from tests.api.seed import mark

    published = mark("RU", "2019700011", "2019-01-11", "Ватрушка", [30], status="refused",
                     publications=[{"kind": "application", "date": "2019-03-01",
                                    "bulletin": "5"}])
    quiet = mark("RU", "2019700012", "2019-01-12", "Ватрушка", [30], status="refused")
    with open_node(node_dir) as node:
        report = node.register.import_items([ImportItem("a", published), ImportItem("b", quiet)],
                                            actor="test")
        assert report.imported == 2, report.rejected

    def no_fetch(self: object, ids: object) -> None:
        raise AssertionError("the public's search fetched records")

    with TestClient(build_app(node_dir)) as client:
        monkeypatch.setattr(SqlStore, "get_records", no_fetch)
        found = {h["id"]: h for h in hits(client, q="ватрушка", mode="exact")}
    assert "RU502019000700011" in found
    assert found["RU502019000700011"]["published"] is True
    assert "RU502019000700012" not in found
