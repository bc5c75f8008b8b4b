"""The API's index backend: answers are remembered, and forgotten as soon as the registers
move, so a new filing is found by the very query that was answered before it."""

from __future__ import annotations

import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from marknet.api.v1 import index_backend
from marknet.api.v1.index_backend import IndexBackend
from marknet.api.v1.searching import SearchRequest
from marknet.node import open_node
from marknet.register import ImportItem
from marknet.search import SearchIndex
from tests.api.seed import bearer, build_app, mark


def test_a_repeated_query_is_answered_from_memory(node_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    backend = IndexBackend()
    searched: list[str] = []
    real = IndexBackend._search

    def counting(index: SearchIndex, req: SearchRequest, n: int) -> list[dict[str, Any]]:
        searched.append(req.q)
        return real(index, req, n)

    monkeypatch.setattr(IndexBackend, "_search", staticmethod(counting))
    with open_node(node_dir) as node:
        first = backend(node, SearchRequest(q="лукойл"), 10)
        first[0]["text"] = "changed by a caller"  # a caller's copy, not the remembered one
        again = backend(node, SearchRequest(q="лукойл"), 10)
        other = backend(node, SearchRequest(q="лукойл", classes=(4,)), 10)
    assert searched == ["лукойл", "лукойл"]  # the same request once; another filter again
    assert again[0]["text"] == "LUKOIL"
    assert other[0]["id"] == again[0]["id"]


def test_a_new_filing_is_found_by_a_query_answered_before(
        node_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_backend, "CATCH_UP_S", 0.0)
    backend = IndexBackend()
    with open_node(node_dir) as node:
        before = backend(node, SearchRequest(q="лукойл"), 10)
        filed = mark("RU", "2025700099", "2025-02-03", "LUKOYL", [4])
        report = node.register.import_items([ImportItem("new", filed)], actor="test")
        assert report.imported == 1
        after = backend(node, SearchRequest(q="лукойл"), 10)
    assert "LUKOYL" not in [h["text"] for h in before]
    assert "LUKOYL" in [h["text"] for h in after]


def test_the_memory_is_bounded(node_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_backend, "RESULT_CACHE", 3)
    backend = IndexBackend()
    with open_node(node_dir) as node:
        for word in ("лукойл", "кока", "ромашка", "савушкин", "минская"):
            backend(node, SearchRequest(q=word), 10)
    assert len(backend._answers) == 3
    assert [key[0] for key in backend._answers] == ["ромашка", "савушкин", "минская"]


def test_the_keeper_thread_catches_up_without_a_search(node_dir: Path) -> None:
    backend = IndexBackend()
    with open_node(node_dir) as node:
        backend(node, SearchRequest(q="лукойл"), 10)  # the first search opens the index
        seqs = dict(backend.index(node).seqs)
        backend.start(node)
        try:
            filed = mark("RU", "2025700098", "2025-02-04", "LUKOYLE", [4])
            node.register.import_items([ImportItem("new", filed)], actor="test")
            deadline = time.monotonic() + 10
            while backend._index is not None and backend._index.seqs == seqs:
                assert time.monotonic() < deadline, "the index was not caught up"
                time.sleep(0.05)
            assert backend.state() is not None  # fresh: public searches may run inline
        finally:
            backend.stop()
        assert backend._keeper is None


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


def test_a_saved_index_loads_at_start_and_a_missing_one_waits_for_a_search(
        node_dir: Path) -> None:
    assert not (node_dir / "index").exists()
    with TestClient(build_app(node_dir)) as client:
        backend = client.app.state.marknet_api.backend  # type: ignore[attr-defined]
        time.sleep(1.0)  # four rounds of the keeper
        assert backend._index is None  # no build at start: the first search pays it
        assert client.get("/api/v1/search", params={"q": "лукойл"}).status_code == 200
    assert (node_dir / "index" / "current").is_file()
    with TestClient(build_app(node_dir)) as client:
        backend = client.app.state.marknet_api.backend  # type: ignore[attr-defined]
        deadline = time.monotonic() + 30
        while backend.state() is None:  # no search asked: the keeper loads it
            assert time.monotonic() < deadline, "the saved index was not loaded at start"
            time.sleep(0.05)


def test_a_slow_catch_up_makes_the_keeper_wait_longer(
        node_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the registers move fast each catch-up is slow: the keeper then waits four times
    as long as the last one took, so it holds at most a fifth of a core."""
    backend = IndexBackend()
    rounds: list[float] = []

    def slow(node: Any) -> SearchIndex:
        rounds.append(time.monotonic())
        time.sleep(0.2)
        return SearchIndex([])

    monkeypatch.setattr(backend, "catch_up", slow)
    backend._index = SearchIndex([])
    with open_node(node_dir) as node:
        backend.start(node)
        time.sleep(2.1)
        backend.stop()
    gaps = [b - a for a, b in pairwise(rounds)]
    assert 2 <= len(rounds) <= 3
    assert all(gap >= 0.95 for gap in gaps)  # 0.2 s of work, then 0.8 s of waiting
