"""Two nodes in one process (RU and BY), wired through an in-process transport.

Each node is the real app (``create_app``) over its own database; the transport routes
``http://ru.test`` / ``http://by.test`` to the right app and can make a partner unreachable.
The clock is shared and simulated, so tests can let an hour pass in a moment.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient

from marknet.api import create_app
from marknet.exchange.errors import PeerUnavailableError
from marknet.exchange.keys import KeyRing
from marknet.exchange.peers import add_peer
from marknet.exchange.request_auth import sign_request, with_query
from marknet.exchange.service import Exchange
from marknet.exchange.settings import ExchangeSettings
from marknet.node import Node, init_node

URLS = {"RU": "http://ru.test", "BY": "http://by.test"}
PG_ENV = "MARKNET_TEST_DATABASE_URL"


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@dataclass
class Router:
    """The partners' network: base URL → TestClient; offices in ``down`` are unreachable."""

    clients: dict[str, TestClient] = field(default_factory=dict)
    down: set[str] = field(default_factory=set)
    posts: int = 0

    def _client(self, url: str) -> tuple[TestClient, str]:
        parts = urlsplit(url)
        host = parts.netloc
        if host.split(".")[0].upper() in self.down:
            raise PeerUnavailableError(f"{url}: connection refused (simulated)")
        return self.clients[host], parts.path

    def post(self, url: str, body: bytes) -> tuple[int, bytes]:
        self.posts += 1
        client, path = self._client(url)
        response = client.post(path, content=body, headers={"content-type": "application/json"})
        return response.status_code, response.content

    @contextmanager
    def stream(self, url: str, headers: Mapping[str, str]
               ) -> Iterator[tuple[int, Iterator[bytes]]]:
        client, path = self._client(url)
        query = urlsplit(url).query
        with client.stream("GET", f"{path}?{query}" if query else path,
                           headers=dict(headers)) as response:
            yield response.status_code, response.iter_bytes()

    def get(self, url: str, headers: Mapping[str, str]) -> tuple[int, bytes]:
        client, path = self._client(url)
        query = urlsplit(url).query
        response = client.get(f"{path}?{query}" if query else path, headers=dict(headers))
        return response.status_code, response.content


@dataclass
class Side:
    node: Node
    exchange: Exchange
    client: TestClient

    @property
    def office(self) -> str:
        return self.node.office

    def key(self) -> Any:
        return KeyRing(self.node.settings.keys_dir).active()

    def signed_get(self, path: str, as_side: Side | None = None, **params: Any) -> Any:
        """GET an exchange resource of this node as ``as_side``'s office would (signed with
        its active key), or as this node's own operator."""
        signer = as_side or self
        url = with_query(path, params)
        headers = sign_request("GET", "http://testserver" + url, signer.key(), signer.office,
                               self.office, self.exchange.clock())
        return self.client.get(url, headers=headers)


@dataclass
class Pair:
    ru: Side
    by: Side
    clock: Clock
    router: Router

    def side(self, office: str) -> Side:
        return self.ru if office == "RU" else self.by


def database_urls(backend: str) -> Iterator[tuple[str | None, str | None]]:
    if backend == "sqlite":
        yield None, None
        return
    base = pg_url()
    if base is None:
        pytest.skip(f"PostgreSQL tests skipped: set {PG_ENV}")
    import psycopg

    schemas = [f"x_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    with psycopg.connect(base, autocommit=True) as conn:
        for schema in schemas:
            conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield pg_schema_url(base, schemas[0]), pg_schema_url(base, schemas[1])
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def make_pair(tmp_path: Path, urls: tuple[str | None, str | None],
              **settings: Any) -> Iterator[Pair]:
    clock, router = Clock(), Router()
    exchange_settings = ExchangeSettings(**{"retry_cap_s": 60.0, **settings})
    sides: dict[str, Side] = {}
    for office, url in zip(("RU", "BY"), urls, strict=True):
        node = init_node(tmp_path / office.lower(), office, url)
        app = create_app(node.settings, exchange_settings=exchange_settings, clock=clock,
                         transport=router, workers=False)
        client = TestClient(app)
        router.clients[urlsplit(URLS[office]).netloc] = client
        sides[office] = Side(node, app.state.exchange, client)
    for office, side in sides.items():
        other = "BY" if office == "RU" else "RU"
        add_peer(side.node.store, other, URLS[other], sides[other].key().public_b64, office)
    try:
        yield Pair(sides["RU"], sides["BY"], clock, router)
    finally:
        for side in sides.values():
            side.client.close()
            side.exchange.store.close()
            side.node.close()
