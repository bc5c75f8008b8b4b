"""Fixtures: one seeded node per module (copied per test when a test writes), a client, and
tokens for each role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marknet.api.v1.auth import get_user, issue_token
from marknet.api.v1.index_backend import IndexBackend
from tests.api.seed import PASSWORD, USERS, build_app


@pytest.fixture
def client(node_dir: Path) -> Iterator[TestClient]:
    with TestClient(build_app(node_dir)) as test_client:
        yield test_client


@pytest.fixture
def tokens(client: TestClient) -> dict[str, str]:
    """A bearer token per user: alice's through the login endpoint, the rest issued directly
    (argon2 is slow on purpose)."""
    response = client.post("/api/v1/auth/token", json={"username": "alice",
                                                       "password": PASSWORD})
    assert response.status_code == 201, response.text
    out = {"alice": response.json()["token"]}
    store = client.app.state.store  # type: ignore[attr-defined]
    for username, _, _ in USERS[1:]:
        out[username] = issue_token(store, get_user(store, username), "api",
                                    dt.timedelta(hours=1))[0]
    return out


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries that reached the search backend (not answered from a cache)."""
    seen: list[str] = []
    real = IndexBackend.__call__

    def counting(self: IndexBackend, node: Any, req: Any, n: int) -> list[dict[str, Any]]:
        seen.append(req.q)
        return real(self, node, req, n)

    monkeypatch.setattr(IndexBackend, "__call__", counting)
    return seen
