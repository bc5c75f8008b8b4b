"""How a node reaches its partners: HTTP with keep-alive, or anything with the same two calls.

Tests swap in an in-process transport (FastAPI's TestClient per partner) and a switch that makes
a partner unreachable; the workers only see ``post``/``get`` and ``PeerUnavailableError``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

import httpx

from marknet.exchange.errors import PeerUnavailableError

MESSAGES_PATH = "/exchange/v1/messages"
BATCH_PATH = "/exchange/v1/messages/batch"
FEED_PATH = "/exchange/v1/feed"


class Transport(Protocol):
    def post(self, url: str, body: bytes) -> tuple[int, bytes]: ...

    def get(self, url: str, headers: Mapping[str, str]) -> tuple[int, bytes]:
        """GET ``url`` (with its query) sending ``headers`` (the request's signature)."""

    def stream(self, url: str, headers: Mapping[str, str]
               ) -> AbstractContextManager[tuple[int, Iterator[bytes]]]:
        """GET ``url``: the status and the body as it arrives (read only as far as wanted)."""


class HttpTransport:
    def __init__(self, timeout_s: float = 30.0) -> None:
        self.client = httpx.Client(timeout=timeout_s, trust_env=False,
                                   headers={"content-type": "application/json"})

    def post(self, url: str, body: bytes) -> tuple[int, bytes]:
        try:
            response = self.client.post(url, content=body)
        except httpx.HTTPError as exc:
            raise PeerUnavailableError(f"{url}: {type(exc).__name__}: {exc}") from exc
        return response.status_code, response.content

    def get(self, url: str, headers: Mapping[str, str]) -> tuple[int, bytes]:
        try:
            response = self.client.get(url, headers=dict(headers))
        except httpx.HTTPError as exc:
            raise PeerUnavailableError(f"{url}: {type(exc).__name__}: {exc}") from exc
        return response.status_code, response.content

    @contextmanager
    def stream(self, url: str, headers: Mapping[str, str]
               ) -> Iterator[tuple[int, Iterator[bytes]]]:
        try:
            with self.client.stream("GET", url, headers=dict(headers)) as response:
                yield response.status_code, _chunks(url, response)
        except httpx.HTTPError as exc:
            raise PeerUnavailableError(f"{url}: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        self.client.close()


def _chunks(url: str, response: httpx.Response) -> Iterator[bytes]:
    try:
        yield from response.iter_bytes(65_536)
    except httpx.HTTPError as exc:
        raise PeerUnavailableError(f"{url}: {type(exc).__name__}: {exc}") from exc
