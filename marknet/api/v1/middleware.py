"""Pure ASGI middleware: a per-client rate limit and a cap on request bodies.

Both answer before the request reaches FastAPI, so a flood costs a dictionary lookup per
request and cannot starve the worker threads that serve everyone else.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from marknet.api.v1.settings import ApiSettings
from marknet.errors import problem_document

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Liveness must answer even for a client that is being limited.
_EXEMPT = ("/healthz", "/static/")
_MAX_CLIENTS = 50_000


async def _problem(send: Send, status: int, code: str, detail: str,
                   headers: list[tuple[bytes, bytes]] = ()) -> None:  # type: ignore[assignment]
    body = orjson.dumps(problem_document(status, code, detail))
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """Token buckets per client: ``rate`` requests a second, up to ``burst`` at once."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        """0 when the request may pass, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self.lock:
            tokens, last = self.buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self.buckets[client] = (tokens - 1.0, now)
                return 0.0
            self.buckets[client] = (tokens, now)
            if len(self.buckets) > _MAX_CLIENTS:
                self._evict(now)
            return (1.0 - tokens) / self.rate

    def _evict(self, now: float) -> None:
        full = self.burst / self.rate
        for key in [k for k, (_, last) in self.buckets.items() if now - last > full]:
            del self.buckets[key]


def client_key(scope: Scope) -> str:
    """Signed-in clients are limited per token, the rest per address."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            return "t:" + bytes(value).decode("latin-1")[-48:]
    client = scope.get("client")
    return f"a:{client[0]}" if client else "a:?"


class GuardMiddleware:
    def __init__(self, app: ASGIApp, settings: ApiSettings) -> None:
        self.app = app
        self.max_body = settings.max_json_bytes
        self.limiter = (RateLimiter(settings.rate_per_s, settings.rate_burst)
                        if settings.rate_per_s > 0 else None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if self.limiter is not None and not path.startswith(_EXEMPT):
            wait = self.limiter.take(client_key(scope))
            if wait > 0:
                retry = str(max(1, int(wait + 0.999))).encode()
                await _problem(send, 429, "rate_limited", "too many requests; slow down",
                               [(b"retry-after", retry)])
                return
        if path.startswith("/exchange/"):  # the exchange enforces its own body limit
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _problem(send, 413, "too_large",
                           f"the body is larger than {self.max_body} bytes")
            return
        await self.app(scope, _capped(receive, self.max_body), send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _capped(receive: Receive, limit: int) -> Receive:
    """A receive that stops a chunked body once it passes the limit."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                from marknet.errors import TooLargeError

                raise TooLargeError(f"the body is larger than {limit} bytes")
        return message

    return wrapped
