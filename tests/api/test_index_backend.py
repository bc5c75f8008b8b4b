"""The API's index backend: answers are remembered, and forgotten as soon as the registers
move, so a new filing is found by the very query that was answered before it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marknet.api.v1 import index_backend
from marknet.api.v1.index_backend import IndexBackend
from marknet.api.v1.searching import SearchRequest
from marknet.node import open_node
from marknet.register import ImportItem
from marknet.search import SearchIndex
from tests.api.seed import mark


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
