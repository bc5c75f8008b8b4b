"""A fake or compromised partner cannot exhaust a mirror's memory (issue #12, item 4): a page
is checked while it streams in — the signed head before the body, the body only up to its
signed size — so a 60 MB unsigned page costs the pulling node next to nothing."""

from __future__ import annotations

import threading
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
import pytest

from marknet.exchange.errors import FeedRejectedError
from marknet.exchange.feed import signed_page
from marknet.exchange.peers import get_peer
from marknet.exchange.transport import HttpTransport
from tests.exchange.nodes import Pair

BIG = 60 * 2**20


def _serve(body: Iterator[bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            try:
                for chunk in body:
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the mirror hung up: that is the point

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _garbage(head: bytes = b"") -> Iterator[bytes]:
    yield head
    chunk = b'[1,"x",' * 9_000 + b"\n"
    for _ in range(BIG // len(chunk)):
        yield chunk


def _pull_peak(pair: Pair, body: Iterator[bytes]) -> tuple[str, int]:
    """Pull BY's feed from a fake BY serving ``body``; the error and the peak traced bytes."""
    server = _serve(body)
    try:
        replicator = pair.ru.exchange.replicator
        replicator.transport = HttpTransport(10.0)
        peer = get_peer(pair.ru.node.store, "BY")
        assert peer is not None
        fake = type(peer)(peer.office, f"http://127.0.0.1:{server.server_port}", peer.keys)
        tracemalloc.start()
        try:
            with pytest.raises(FeedRejectedError) as refused:
                replicator.pull(fake)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        server.shutdown()
    return refused.value.message, peak


def test_a_60_mb_unsigned_page_is_refused_before_its_body_is_read(pair: Pair) -> None:
    error, peak = _pull_peak(pair, _garbage())
    assert "no signed head line" in error
    assert peak < 2 * 2**20, f"{peak / 2**20:.1f} MB traced for a refused page"
    assert pair.ru.node.store.head("BY").seq == 0


def test_a_page_signed_by_a_stranger_is_refused_at_its_head(pair: Pair) -> None:
    stranger = pair.ru.key()  # RU's own key is not a key of BY
    head = signed_page({"register": "BY", "after": 0, "created": pair.clock().isoformat(),
                        "key": stranger.fingerprint}, stranger, b"")
    error, peak = _pull_peak(pair, _garbage(head.rstrip(b"\n") + b"\n"))
    assert "not a registered key of BY" in error
    assert peak < 2 * 2**20


def test_a_signed_page_cannot_send_more_than_it_declares(pair: Pair) -> None:
    """Even BY's own key (a compromised partner) cannot push more than the signed size."""
    key = pair.by.key()
    body = orjson.dumps({"events": [], "reveals": []})
    head = signed_page({"register": "BY", "after": 0, "created": pair.clock().isoformat(),
                        "key": key.fingerprint}, key, body).partition(b"\n")[0] + b"\n"
    error, peak = _pull_peak(pair, _garbage(head + body))
    assert "does not match its signed size" in error
    assert peak < 2 * 2**20


def test_a_page_declaring_more_than_the_limit_is_not_read(pair: Pair) -> None:
    key = pair.by.key()
    head = orjson.dumps({"header": {}, "signature": ""})  # replaced below
    header = {"register": "BY", "after": 0, "created": pair.clock().isoformat(),
              "key": key.fingerprint}
    page = signed_page(header, key, b"x" * 2048)
    head = page.partition(b"\n")[0] + b"\n"
    pair.ru.exchange.replicator.settings.max_page_bytes = 1024
    error, peak = _pull_peak(pair, _garbage(head))
    assert "at most 1024 are read" in error
    assert peak < 2 * 2**20
