"""The node's search service: answers are remembered, and forgotten as soon as the registers
move, so a new filing is found by the very query that was answered before it; the keeper
thread loads and catches up the index so searches never wait for it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from marknet.node import open_node
from marknet.register import ImportItem
from marknet.search import SearchIndex, SearchService, make_query
from marknet.search import service as service_module
from marknet.search.query import Query
from tests.api.seed import bearer, build_app, mark


def _service(node_dir: Path, store: Any) -> SearchService:
    return SearchService(store, node_dir / "index")


def test_a_repeated_query_is_answered_from_memory(node_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    searched: list[str] = []
    real = SearchIndex.search

    def counting(index: SearchIndex, query: Query, budget: Any = None) -> Any:
        searched.append(query.text)
        return real(index, query, budget)

    monkeypatch.setattr(SearchIndex, "search", counting)
    with open_node(node_dir) as node:
        service = _service(node_dir, node.store)
        first = service.search(make_query("лукойл"))
        first[0]["text"] = "changed by a caller"  # a caller's copy, not the remembered one
        again = service.search(make_query("лукойл"))
        other = service.search(make_query("лукойл", classes=[4]))
    assert searched == ["лукойл", "лукойл"]  # the same query once; another filter again
    assert again[0]["text"] == "LUKOIL"
    assert other[0]["id"] == again[0]["id"]


def test_a_new_filing_is_found_by_a_query_answered_before(
        node_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_module, "CATCH_UP_S", 0.0)  # every search checks the heads
    with open_node(node_dir) as node:
        service = _service(node_dir, node.store)
        before = service.search(make_query("лукойл"))
        filed = mark("RU", "2025700099", "2025-02-03", "LUKOYL", [4])
        report = node.register.import_items([ImportItem("new", filed)], actor="test")
        assert report.imported == 1
        after = service.search(make_query("лукойл"))
    assert "LUKOYL" not in [h["text"] for h in before]
    assert "LUKOYL" in [h["text"] for h in after]


def test_the_memory_is_bounded(node_dir: Path) -> None:
    with open_node(node_dir) as node:
        service = SearchService(node.store, node_dir / "index", answers=3)
        for word in ("лукойл", "кока", "ромашка", "савушкин", "минская"):
            service.search(make_query(word))
        remembered = [query.text for query in service.remembered]
    assert sorted(remembered) == sorted(["ромашка", "савушкин", "минская"])


def test_every_hit_has_one_shape(node_dir: Path) -> None:
    """Every mode answers with the same fields, scores rounded alike."""
    with open_node(node_dir) as node:
        service = _service(node_dir, node.store)
        shapes = {mode: service.search(make_query("LUKOIL", mode))
                  for mode in ("similar", "exact", "prefix", "fuzzy", "translit")}
    fields = {"id", "office", "register", "kind", "text", "score", "nice_classes", "status",
              "feature", "filing_date", "published", "why"}
    for mode, hits in shapes.items():
        assert hits, mode
        for hit in hits:
            assert set(hit) == fields, mode
            assert hit["kind"] in ("trademark", "gi")
            assert round(hit["score"], 4) == hit["score"]


def test_the_keeper_thread_catches_up_without_a_search(node_dir: Path) -> None:
    with open_node(node_dir) as node:
        service = _service(node_dir, node.store)
        service.search(make_query("лукойл"))  # the first search opens the index
        seqs = dict(service.index().seqs)
        service.start()
        try:
            filed = mark("RU", "2025700098", "2025-02-04", "LUKOYLE", [4])
            node.register.import_items([ImportItem("new", filed)], actor="test")
            deadline = time.monotonic() + 30
            while service.index().seqs == seqs:
                assert time.monotonic() < deadline, "the index was not caught up"
                time.sleep(0.05)
            assert service.state() is not None  # fresh: public searches may run inline
        finally:
            service.stop()
        assert service._keeper is None


def test_public_searches_stay_on_the_event_loop(client: TestClient, tokens: dict[str, str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/api/v1/search", params={"q": "лукойл"}).status_code == 200  # opens
    hopped: list[str] = []
    real = anyio.to_thread.run_sync

    async def counting(func: Any, *args: Any, **kwargs: Any) -> Any:
        hopped.append(getattr(func, "__name__", repr(func)))
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    public = client.get("/api/v1/search", params={"q": "LUKOIL", "class": 4})
    assert public.status_code == 200
    assert public.json()["hits"]
    assert hopped == []
    literal = client.get("/api/v1/search", params={"q": "LUK", "mode": "contains"})
    assert literal.status_code == 200
    assert len(hopped) == 1  # a literal mode may scan every name: off the event loop
    signed_in = client.get("/api/v1/search", params={"q": "LUKOIL", "class": 4},
                           headers=bearer(tokens["ivanova"]))
    assert signed_in.status_code == 200
    # The token is looked up, and the search run, on worker threads (both read the store).
    assert len(hopped) == 3


def test_the_keeper_builds_no_missing_index_but_loads_a_saved_one(node_dir: Path) -> None:
    with open_node(node_dir) as node:
        service = _service(node_dir, node.store)
        service.keep_once()
        assert service.state() is None  # no build on its own: the first search pays it
        assert not (node_dir / "index").exists()
        service.search(make_query("лукойл"))
        assert (node_dir / "index" / "current").is_file()
        restarted = _service(node_dir, node.store)
        restarted.keep_once()
        assert restarted.state() is not None  # loaded before any search


def test_a_saved_index_is_loaded_when_the_app_starts(node_dir: Path) -> None:
    with TestClient(build_app(node_dir)) as client:
        assert client.get("/api/v1/search", params={"q": "лукойл"}).status_code == 200
    with TestClient(build_app(node_dir)) as client:
        searcher = client.app.state.marknet_api.searcher  # type: ignore[attr-defined]
        deadline = time.monotonic() + 30
        while searcher.state() is None:  # no search asked: the keeper loads it
            assert time.monotonic() < deadline, "the saved index was not loaded at start"
            time.sleep(0.05)


def test_a_slow_catch_up_makes_the_keeper_wait_longer() -> None:
    """While the registers move fast each catch-up is slow: the keeper then waits four times
    as long as the last one took, so it holds at most a fifth of a core."""
    assert SearchService.pause_after(0.0) == service_module.CATCH_UP_S / 2
    assert SearchService.pause_after(0.2) == pytest.approx(0.8)
    assert SearchService.pause_after(10.0) == pytest.approx(40.0)
