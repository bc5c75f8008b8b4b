"""Pure ASGI middleware: a rate limit per principal and a cap on request bodies.

Both answer before the request reaches FastAPI. The limit is keyed on the signed-in user when
the bearer token is valid (checked here, remembered briefly), else on the client address; a
bearer token that is not valid is a 401 before any other work, so random ``Authorization``
headers cannot buy a fresh limit each.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
import orjson
from cachetools import TTLCache
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter

from marknet.accounts.users import Principal, resolve_token
from marknet.api.v1.settings import ApiSettings
from marknet.errors import problem_document
from marknet.store import Store

UPLOAD_PATHS = ("/api/v1/images", "/api/v1/search/images")  # image uploads: a larger cap

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Liveness must answer even for a client that is being limited.
_EXEMPT = ("/healthz", "/static/")


async def _problem(send: Send, status: int, code: str, detail: str,
                   headers: list[tuple[bytes, bytes]] = ()) -> None:  # type: ignore[assignment]
    body = orjson.dumps(problem_document(status, code, detail))
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """``rate`` requests a second per key on average, up to ``burst`` at once: a sliding-window
    counter of the ``limits`` library in memory. Each key expires with its window, so memory
    holds only the clients of the last window, however many come and go."""

    def __init__(self, rate: float, burst: int) -> None:
        window = max(1, round(burst / rate))
        self.item = RateLimitItemPerSecond(burst, window)
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    def take(self, key: str) -> float:
        """0 when the request may pass, else the seconds to wait."""
        if self.limiter.hit(self.item, key):
            return 0.0
        reset = self.limiter.get_window_stats(self.item, key).reset_time
        return max(0.001, reset - time.time())


class Credentials:
    """Who a bearer token stands for, remembered briefly (valid and invalid alike, at most
    ``size`` tokens), so that a flood of made-up tokens costs one look-up each at most."""

    def __init__(self, size: int = 10_000, ttl_s: float = 30.0) -> None:
        self.known: TTLCache[str, str | None] = TTLCache(size, ttl_s)
        self.lock = threading.Lock()

    def cached(self, token: str) -> tuple[bool, str | None]:
        key = hashlib.sha256(token.encode()).hexdigest()
        with self.lock:
            if key in self.known:
                return True, self.known[key]
        return False, None

    def resolve(self, store: Store, token: str) -> tuple[str | None, Principal | None]:
        """``user:ID`` for a valid API token (else None), and the principal it names."""
        principal = resolve_token(store, token, "api")
        found = f"user:{principal.user.id}" if principal and principal.user else None
        with self.lock:
            self.known[hashlib.sha256(token.encode()).hexdigest()] = found
        return found, principal


def bearer_token(scope: Scope) -> str | None:
    """The token of an ``Authorization`` header ("" when the header is not a bearer token)."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = bytes(value).decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
    return None


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return f"addr:{client[0]}" if client else "addr:?"


class GuardMiddleware:
    def __init__(self, app: ASGIApp, settings: ApiSettings) -> None:
        self.app = app
        self.max_body = settings.max_json_bytes
        self.max_upload = settings.max_upload_bytes
        self.limiter = (RateLimiter(settings.rate_per_s, settings.rate_burst)
                        if settings.rate_per_s > 0 else None)
        self.credentials = Credentials()

    async def _admit(self, scope: Scope, path: str, send: Send) -> bool:
        """Limit per signed-in user, else per client address; a bearer token that is not a
        valid one is a 401 at once. Exchange requests are signed, not bearer: the exchange
        checks them, and they are limited per address."""
        token = None if path.startswith("/exchange/") else bearer_token(scope)
        key = client_address(scope)
        if token is not None:
            known, user = self.credentials.cached(token) if token else (True, None)
            if not known:  # a look-up costs: count it on the address first
                if not await self._within(key, send):
                    return False
                store = scope["app"].state.store
                user, principal = await anyio.to_thread.run_sync(
                    self.credentials.resolve, store, token)
                if principal is not None:  # the request's handler needs no second look-up
                    scope.setdefault("state", {})["api_principal"] = principal
            if user is None:
                await _problem(send, 401, "unauthenticated",
                               "the token is unknown, expired or revoked",
                               [(b"www-authenticate", b"Bearer")])
                return False
            if not known:
                return True
            key = user
        return await self._within(key, send)

    async def _within(self, key: str, send: Send) -> bool:
        wait = self.limiter.take(key) if self.limiter is not None else 0.0
        if wait > 0:
            retry = str(max(1, int(wait + 0.999))).encode()
            await _problem(send, 429, "rate_limited", "too many requests; slow down",
                           [(b"retry-after", retry)])
            return False
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if not path.startswith(_EXEMPT) and not await self._admit(scope, path, send):
            return
        if path.startswith("/exchange/"):  # the exchange enforces its own body limit
            await self.app(scope, receive, send)
            return
        limit = self.max_upload if path in UPLOAD_PATHS else self.max_body
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _problem(send, 413, "too_large", f"the body is larger than {limit} bytes")
            return
        await self.app(scope, _capped(receive, limit), send)


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
