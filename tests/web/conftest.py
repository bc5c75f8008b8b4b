"""Fixtures for the pages: the API tests' seeded node, a client, and signing in by form."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.seed import PASSWORD, build_app, make_node


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_node(tmp_path_factory.mktemp("seeded-web") / "node")


@pytest.fixture
def node_dir(seeded_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "node"
    shutil.copytree(seeded_dir, target)
    return target


@pytest.fixture
def client(node_dir: Path) -> Iterator[TestClient]:
    with TestClient(build_app(node_dir), base_url="http://testserver") as test_client:
        yield test_client


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the form has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str) -> None:
    token = form_token(client.get("/login").text)
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf": token, "next": "/search"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
