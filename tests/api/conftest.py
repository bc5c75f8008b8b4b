"""Fixtures: one seeded node per module (copied per test when a test writes), a client, and
tokens for each role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marknet.accounts.users import get_user, issue_token
from marknet.search import Query, SearchService
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
    """The queries that reached the search service (not answered from an HTTP cache)."""
    seen: list[str] = []
    real = SearchService.search

    def counting(self: SearchService, query: Query) -> list[dict[str, Any]]:
        seen.append(query.text)
        return real(self, query)

    monkeypatch.setattr(SearchService, "search", counting)
    return seen
