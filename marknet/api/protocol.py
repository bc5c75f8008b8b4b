"""uvicorn's HTTP protocol with a deadline per request: idle and slow clients are cut off.

uvicorn closes a keep-alive connection that stays idle between requests
(``timeout_keep_alive``), but a connection that sends nothing at all, or a request that trickles
in a byte at a time, would hold its socket and memory for as long as the client likes (a
slowloris). Here every request — from the connection's first moment, or from its first byte on
a kept-alive connection — must arrive whole (headers and body) within ``request_timeout_s``;
otherwise the connection is closed. Once the request is in, the app's own time is not limited.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def guarded_protocol(request_timeout_s: float) -> type[HttpToolsProtocol]:
    class GuardedHttpProtocol(HttpToolsProtocol):
        deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self.deadline is None and (self.cycle is None or self.cycle.response_complete):
                self._arm()  # the first byte of a request on a kept-alive connection
            super().data_received(data)

        def on_message_complete(self) -> None:
            self._disarm()
            super().on_message_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self.deadline = self.loop.call_later(request_timeout_s, self._too_slow)

        def _disarm(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
                self.deadline = None

        def _too_slow(self) -> None:
            self.deadline = None
            if not self.transport.is_closing():
                self.transport.close()

    return GuardedHttpProtocol
