"""Fixtures for the pages: a client on the seeded node of tests/conftest.py, signing in by form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.seed import PASSWORD, build_app


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
