"""Fixtures: one seeded node per module (copied per test when a test writes), a client, and
tokens for each role."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marknet.api.v1.auth import get_user, issue_token
from tests.api.seed import PASSWORD, USERS, build_app, make_node


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_node(tmp_path_factory.mktemp("seeded") / "node")


@pytest.fixture
def node_dir(seeded_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded node, so a test's writes stay its own."""
    target = tmp_path / "node"
    shutil.copytree(seeded_dir, target)
    return target


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
