"""Watches fire once per new similar filing, in the page data and by webhook to a real local
HTTP receiver; never on a confidential application the watcher may not see."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from marknet.api.v1.context import ApiContext
from marknet.register import ImportItem
from tests.api.seed import bearer, build_app, mark


class Receiver:
    """A webhook endpoint on loopback that records what it is sent."""

    def __init__(self, status: int = 204) -> None:
        self.bodies: list[dict[str, Any]] = []
        received = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["content-length"])
                received.append(orjson.loads(self.rfile.read(length)))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


def ctx_of(client: TestClient) -> ApiContext:
    ctx: ApiContext = client.app.state.marknet_api  # type: ignore[attr-defined]
    return ctx


def wait_for(check: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def notes(client: TestClient, token: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(
        "/api/v1/notifications", headers=bearer(token)).json()["items"]
    return items


def file_similar(client: TestClient, token: str, text: str = "LUKOYL") -> str:
    response = client.post("/api/v1/applications", headers=bearer(token), json={
        "text": text, "goods_services": [{"nice_class": 4}],
        "parties": [{"name": "Bob Ltd", "role": "applicant", "country": "RU"}]})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def publish(client: TestClient, token: str, record_id: str) -> None:
    for action in ("pass_formal", "publish"):
        response = client.post(f"/api/v1/applications/{record_id}/actions/{action}",
                               headers=bearer(token))
        assert response.status_code == 200, response.text


def test_a_watch_fires_once_on_a_similar_filing_when_it_is_published(
        client: TestClient, tokens: dict[str, str], receiver: Receiver) -> None:
    watch = client.post("/api/v1/watches", headers=bearer(tokens["alice"]), json={
        "query": "LUKOIL", "classes": [4], "webhook_url": receiver.url})
    assert watch.status_code == 201, watch.text
    filed = file_similar(client, tokens["bob"])
    file_similar(client, tokens["bob"], "Ромашка")  # not similar: never fires
    ctx_of(client).extras["watcher"].run_once()
    assert notes(client, tokens["alice"]) == []  # confidential until published
    publish(client, tokens["ivanova"], filed)
    wait_for(lambda: len(receiver.bodies) == 1)
    found = notes(client, tokens["alice"])
    assert [n["record_id"] for n in found] == [filed]
    assert found[0]["hit"]["why"]["sound"]["reason"]
    # A notification's hit has the search hit's shape and rounding.
    searched = client.get("/api/v1/search", params={"q": "LUKOIL", "class": 4}).json()["hits"]
    assert set(found[0]["hit"]) == set(searched[0])
    assert found[0]["hit"]["score"] == round(found[0]["hit"]["score"], 4)
    body = receiver.bodies[0]
    assert body["event"] == "watch.hit"
    assert body["filing"]["id"] == filed
    for _ in range(3):
        ctx_of(client).extras["watcher"].run_once()
    time.sleep(0.5)
    assert len(receiver.bodies) == 1
    assert len(notes(client, tokens["alice"])) == 1
    assert client.post(f"/api/v1/notifications/{found[0]['id']}/seen",
                       headers=bearer(tokens["alice"])).status_code == 204
    assert notes(client, tokens["alice"])[0]["seen"] is True


def test_an_examiner_hears_of_own_office_filings_at_once(client: TestClient,
                                                         tokens: dict[str, str]) -> None:
    client.post("/api/v1/watches", headers=bearer(tokens["ivanova"]),
                json={"record_id": "RU502010000700001"})
    filed = file_similar(client, tokens["bob"])
    wait_for(lambda: [n["record_id"] for n in notes(client, tokens["ivanova"])] == [filed])


def test_a_filing_in_a_mirrored_register_fires(client: TestClient,
                                               tokens: dict[str, str]) -> None:
    client.post("/api/v1/watches", headers=bearer(tokens["alice"]),
                json={"query": "Савушкин", "classes": [29]})
    ctx = ctx_of(client)
    ctx.extras["watcher"].run_once()
    new = mark("BY", "20260777", "2026-01-15", "Савушкiн", [29], status="published",
               publications=[{"bulletin": "BY-1", "date": "2026-02-01"}])
    report = ctx.node.register.import_items([ImportItem("feed:1", new)], actor="mirror:BY",
                                            allow_foreign=True)
    assert report.imported == 1
    ctx.extras["watcher"].wake()
    wait_for(lambda: len(notes(client, tokens["alice"])) == 1)
    assert notes(client, tokens["alice"])[0]["hit"]["office"] == "BY"


def token_of(client: TestClient, username: str) -> str:
    response = client.post("/api/v1/auth/token", json={
        "username": username, "password": "correct horse battery"})
    return str(response.json()["token"])


def test_webhooks_are_retried_and_private_targets_refused(node_dir: Path) -> None:
    failing = Receiver(status=500)
    try:
        with TestClient(build_app(node_dir, watch_poll_s="3600")) as client:
            login = client.post("/api/v1/auth/token",
                                json={"username": "alice", "password": "correct horse battery"})
            alice = login.json()["token"]
            client.post("/api/v1/watches", headers=bearer(alice),
                        json={"query": "LUKOIL", "webhook_url": failing.url})
            filed = file_similar(client, token_of(client, "bob"))
            publish(client, token_of(client, "ivanova"), filed)
            ctx_of(client).extras["watcher"].run_once()
            wait_for(lambda: len(failing.bodies) == 1)
            # Refused by the receiver: kept for a retry later, with back-off.
            wait_for(lambda: notes(client, alice)[0]["webhook"] == "pending")
        with TestClient(build_app(node_dir, webhook_allow_private="false")) as client:
            refused = client.post("/api/v1/watches", headers=bearer(alice), json={
                "query": "x", "webhook_url": "http://127.0.0.1:22/"})
            assert refused.status_code == 400
            assert "private" in refused.json()["detail"]
    finally:
        failing.close()


def test_a_webhook_address_is_checked_again_at_each_delivery(node_dir: Path) -> None:
    """DNS rebinding: the address was fine when the watch was made; by delivery it is a
    private one (here: the node now refuses private targets). Nothing is sent to it."""
    target = Receiver()
    try:
        with TestClient(build_app(node_dir, watch_poll_s="3600")) as client:
            alice = token_of(client, "alice")
            made = client.post("/api/v1/watches", headers=bearer(alice),
                               json={"query": "LUKOIL", "webhook_url": target.url})
            assert made.status_code == 201, made.text
        with TestClient(build_app(node_dir, watch_poll_s="3600",
                                  webhook_allow_private="false")) as client:
            filed = file_similar(client, token_of(client, "bob"))
            publish(client, token_of(client, "ivanova"), filed)
            ctx_of(client).extras["watcher"].run_once()
            wait_for(lambda: bool(notes(client, alice)))
            store = ctx_of(client).store
            wait_for(lambda: store.query("SELECT webhook_error FROM notifications")[0][0]
                     is not None)
            (error,) = store.query("SELECT webhook_error FROM notifications")[0]
            assert "private address" in str(error)
        assert target.bodies == []
    finally:
        target.close()
