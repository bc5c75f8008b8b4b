"""Idle and slow clients are cut off (issue #12, item 8): real sockets against ``marknet serve``.
A connection that sends nothing, or sends its request a byte now and then, is closed once its
request has not arrived whole within the request timeout; a normal request still works."""

from __future__ import annotations

import contextlib
import socket
import time
from pathlib import Path

import httpx

from tests.api.seed import serve_process

CONNECTIONS = 200


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1024) == b""
    except (TimeoutError, BlockingIOError):
        return False
    except ConnectionResetError:
        return True


def test_silent_and_slow_connections_are_closed(node_dir: Path) -> None:
    with serve_process(node_dir, request_timeout_s="1", rate_per_s="0") as base:
        host, port = base.removeprefix("http://").split(":")
        silent = [socket.create_connection((host, int(port))) for _ in range(CONNECTIONS)]
        slow = [socket.create_connection((host, int(port))) for _ in range(CONNECTIONS)]
        for sock in slow:
            sock.sendall(b"GET /api/v1/records HTTP/1.1\r\nHo")
        time.sleep(0.5)
        for sock in slow:  # still trickling in, never complete
            with contextlib.suppress(OSError):
                sock.sendall(b"s")
        for sock in silent + slow:
            sock.settimeout(10)
        closed = sum(_closed_by_server(s) for s in silent + slow)
        for sock in silent + slow:
            sock.close()
        assert closed == 2 * CONNECTIONS
        assert httpx.get(base + "/api/v1/records", trust_env=False).status_code == 200
