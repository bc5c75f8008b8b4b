"""Public search answers remembered as finished HTTP responses, the way a caching proxy would.

Most searches come from the public (no Authorization header), and the public's answer to a URL
depends only on the index: so ``GET /api/v1/search`` from the public is answered from the
bytes sent last time for the same query string, as long as the index has not moved since
(``IndexBackend.state``). That skips parameter parsing, the search and JSON encoding: ~0.1 ms
instead of ~0.5 ms for a remembered answer. A request with ``If-None-Match`` (the app answers
304), any other path, or a moment when the index is stale or catching up, goes to the app.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from marknet.api.v1.middleware import ASGIApp, Message, Receive, Scope, Send

PATH = "/api/v1/search"
ENTRIES = 2048  # responses of ~5 KB


class PublicSearchCache:
    def __init__(self, app: ASGIApp, state: Callable[[], tuple[Any, ...] | None]) -> None:
        self.app = app
        self.state = state
        self.responses: OrderedDict[bytes, tuple[tuple[Any, ...], list[Message]]] = (
            OrderedDict())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = self.state() if _cacheable(scope) else None
        if state is None:
            await self.app(scope, receive, send)
            return
        key: bytes = scope.get("query_string", b"")
        known = self.responses.get(key)
        if known is not None and known[0] == state:
            self.responses.move_to_end(key)
            for message in known[1]:
                await send(message)
            return
        sent: list[Message] = []

        async def keep(message: Message) -> None:
            sent.append(message)
            await send(message)

        await self.app(scope, receive, keep)
        if sent and sent[0].get("status") == 200:
            self.responses[key] = (state, sent)
            while len(self.responses) > ENTRIES:
                self.responses.popitem(last=False)


def _cacheable(scope: Scope) -> bool:
    if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path") != PATH:
        return False
    return not any(name in (b"authorization", b"if-none-match")
                   for name, _ in scope.get("headers", ()))
