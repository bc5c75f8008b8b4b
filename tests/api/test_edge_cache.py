"""Public search answers remembered as responses: served again while the index stands still,
never to a signed-in caller, and forgotten as soon as a new filing reaches the index."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marknet.register import ImportItem
from marknet.search import service
from tests.api.seed import bearer, build_app, mark


def test_the_public_gets_the_same_answer_without_a_second_search(
        node_dir: Path, searches: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "CATCH_UP_S", 60.0)  # a slow machine stays "fresh"
    with TestClient(build_app(node_dir)) as client:
        client.get("/api/v1/search", params={"q": "солнце"})  # opens the index
        first = client.get("/api/v1/search", params={"q": "лукойл"})
        again = client.get("/api/v1/search", params={"q": "лукойл"})
        other = client.get("/api/v1/search", params={"q": "лукойл", "class": 4})
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert first.json()["hits"][0]["text"] == "LUKOIL"
    assert other.json()["hits"][0]["text"] == "LUKOIL"
    assert searches == ["солнце", "лукойл", "лукойл"]  # the class filter is another question


def test_signed_in_callers_and_revalidations_go_to_the_app(
        node_dir: Path, searches: list[str], tokens: dict[str, str]) -> None:
    with TestClient(build_app(node_dir)) as client:
        client.get("/api/v1/search", params={"q": "солнце"})  # opens the index
        etag = client.get("/api/v1/search", params={"q": "ромашка"}).headers["etag"]
        mine = client.get("/api/v1/search", params={"q": "ромашка"},
                          headers=bearer(tokens["ivanova"]))
        fresh = client.get("/api/v1/search", params={"q": "ромашка"},
                           headers={"If-None-Match": etag})
    assert mine.status_code == 200
    assert fresh.status_code == 304
    assert searches == ["солнце"] + ["ромашка"] * 3


def test_a_new_filing_is_found_once_the_index_has_it(node_dir: Path) -> None:
    with TestClient(build_app(node_dir)) as client:
        before = client.get("/api/v1/search", params={"q": "лукойл"}).json()["hits"]
        ctx = client.app.state.marknet_api  # type: ignore[attr-defined]
        filed = mark("RU", "2025700099", "2025-02-03", "LUKOYL", [4])
        assert ctx.node.register.import_items([ImportItem("new", filed)],
                                              actor="test").imported == 1
        ctx.searcher.catch_up()  # what the keeper thread does within CATCH_UP_S
        after = client.get("/api/v1/search", params={"q": "лукойл"}).json()["hits"]
    assert "LUKOYL" not in [h["text"] for h in before]
    assert "LUKOYL" in [h["text"] for h in after]
