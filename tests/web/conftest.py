"""Fixtures for the pages: a client on the seeded node of tests/conftest.py, signing in by form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

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


def api_token(client: TestClient, username: str) -> str:
    response = client.post("/api/v1/auth/token",
                           json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


def file_for_examination(client: TestClient, text: str, classes: list[int],
                         terms: dict[int, list[str]] | None = None) -> str:
    """An application filed by bob and taken by the RU examiner to substantive examination."""
    goods = [{"nice_class": c, "terms": (terms or {}).get(c, [])} for c in classes]
    filed = client.post("/api/v1/applications", json={
        "text": text, "goods_services": goods,
        "parties": [{"name": "ООО «Боб»", "role": "applicant"}]},
        headers={"Authorization": f"Bearer {api_token(client, 'bob')}"})
    assert filed.status_code == 201, filed.text
    record_id = str(filed.json()["id"])
    examiner = {"Authorization": f"Bearer {api_token(client, 'ivanova')}"}
    for action in ("pass_formal", "publish"):
        done = client.post(f"/api/v1/applications/{record_id}/actions/{action}",
                           headers=examiner)
        assert done.status_code == 200, done.text
    return record_id


def parse(page: str) -> Any:
    """A page as an lxml tree (typed loosely: lxml's stubs do not know ``text_content``)."""
    return lxml_html.fromstring(page)
