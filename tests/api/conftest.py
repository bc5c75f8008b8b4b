"""Fixtures: one seeded node per module (copied per test when a test writes), a client, and
tokens for each role."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

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
    out = {}
    for username, _, _ in USERS:
        response = client.post("/api/v1/auth/token",
                               json={"username": username, "password": PASSWORD})
        assert response.status_code == 201, response.text
        out[username] = response.json()["token"]
    return out
