"""The API over PostgreSQL: search, a watch, filing, examination and a decision end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marknet.api.v1.context import ApiContext
from marknet.node import init_node
from tests.api.seed import LUKOIL, PASSWORD, bearer, build_app, seed

pytestmark = pytest.mark.postgres


def test_the_api_on_postgresql(pg_store_url: str, tmp_path: Path) -> None:
    with init_node(tmp_path / "node", "RU", pg_store_url) as node:
        seed(node)
    with TestClient(build_app(tmp_path / "node")) as client:
        def token(username: str) -> str:
            return str(client.post("/api/v1/auth/token", json={
                "username": username, "password": PASSWORD}).json()["token"])

        alice, bob, examiner = token("alice"), token("bob"), token("ivanova")
        assert client.get("/api/v1/search", params={"q": "лукойл"}).json()["hits"][0]["id"] \
            == LUKOIL
        assert client.post("/api/v1/watches", headers=bearer(alice),
                           json={"query": "LUKOIL"}).status_code == 201
        filed = client.post("/api/v1/applications", headers=bearer(bob), json={
            "text": "LUKOYL", "goods_services": [{"nice_class": 4}],
            "parties": [{"name": "Bob Ltd", "role": "applicant"}]}).json()["id"]
        for action in ("pass_formal", "publish"):
            assert client.post(f"/api/v1/applications/{filed}/actions/{action}",
                               headers=bearer(examiner)).status_code == 200
        ctx: ApiContext = client.app.state.marknet_api  # type: ignore[attr-defined]
        ctx.extras["watcher"].run_once()
        items = client.get("/api/v1/notifications", headers=bearer(alice)).json()["items"]
        assert [n["record_id"] for n in items] == [filed]
        decided = client.post(f"/api/v1/applications/{filed}/decisions",
                              headers=bearer(examiner), json={"items": [
                                  {"nice_class": 4, "decision": "refuse", "grounds": "LUKOIL",
                                   "cited": [LUKOIL]}]})
        assert decided.status_code == 200, decided.text
