"""1,000 requests a second from one client: it is rate limited, the node stays responsive."""

from __future__ import annotations

import asyncio
import secrets
import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from marknet.api.v1.middleware import RateLimiter
from tests.api.seed import PASSWORD, build_app, serve_process


def test_each_key_has_its_own_window() -> None:
    limiter = RateLimiter(rate=10, burst=5)
    assert [limiter.take("a") for _ in range(5)] == [0.0] * 5
    assert limiter.take("a") > 0
    assert limiter.take("b") == 0.0  # another client has its own window


def test_random_authorization_headers_buy_no_fresh_limit(node_dir: Path) -> None:
    """The attack of issue #12 item 6: 600 requests, each with a made-up bearer token."""
    app = build_app(node_dir, rate_per_s="0.5", rate_burst="20")
    with TestClient(app) as client:
        refused = client.get("/api/v1/records", headers={"authorization": "Bearer nope"})
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")
        codes = [client.get("/api/v1/search", params={"q": "lukoil"},
                            headers={"authorization": f"Bearer {secrets.token_urlsafe(32)}"}
                            ).status_code for _ in range(600)]
        assert 200 not in codes  # an invalid credential is never served
        assert codes[:19] == [401] * 19
        assert codes.count(429) >= 570  # and counts on the address like anyone's


def test_a_signed_in_user_is_limited_apart_from_the_address(node_dir: Path) -> None:
    app = build_app(node_dir, rate_per_s="0.5", rate_burst="20")
    with TestClient(app) as client:
        login = client.post("/api/v1/auth/token", json={"username": "alice",
                                                        "password": PASSWORD})
        token = {"authorization": f"Bearer {login.json()['token']}"}
        # The token's first use is checked once (counted on the address), then remembered.
        assert client.get("/api/v1/records", headers=token).status_code == 200
        anonymous = [client.get("/api/v1/records").status_code for _ in range(30)]
        assert anonymous.count(429) >= 10  # the address used up its window
        signed = [client.get("/api/v1/records", headers=token).status_code
                  for _ in range(25)]
        assert signed[:20] == [200] * 20  # the user's own window
        assert 429 in signed


def test_a_flood_is_limited_with_retry_after(node_dir: Path) -> None:
    # A slow refill (one request every 2 s), so a slow machine cannot refill the bucket
    # between the flood and the last request.
    app = build_app(node_dir, rate_per_s="0.5", rate_burst="20")
    with TestClient(app) as client:
        codes = [client.get("/api/v1/search", params={"q": "lukoil"}).status_code
                 for _ in range(200)]
        limited = client.get("/api/v1/records")
        assert codes.count(429) >= 170
        assert codes[:20] == [200] * 20
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.json()["code"] == "rate_limited"
        assert client.get("/healthz").status_code == 200


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            await reader.readexactly(int(line.split(b":")[1]))
    return status


async def _flood(base: str, total: int, rate: float, conns: int = 10
                 ) -> tuple[list[int], float]:
    """``total`` GETs at ``rate`` per second over ``conns`` pipelined keep-alive connections:
    a raw client, because an HTTP library in Python cannot offer 1,000 requests a second."""
    host, port = base.removeprefix("http://").split(":")
    request = (f"GET /api/v1/search?q=%D0%BB%D1%83%D0%BA%D0%BE%D0%B9%D0%BB HTTP/1.1\r\n"
               f"Host: {host}\r\n\r\n").encode()
    codes: list[int] = []
    started = time.perf_counter()

    async def connection(index: int) -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        mine = range(index, total, conns)

        async def send() -> None:
            for i in mine:
                pause = started + i / rate - time.perf_counter()
                if pause > 0:
                    await asyncio.sleep(pause)
                writer.write(request)
                await writer.drain()

        sender = asyncio.create_task(send())
        for _ in mine:
            codes.append(await _read_response(reader))
        await sender
        writer.close()

    await asyncio.gather(*(connection(i) for i in range(conns)))
    return codes, time.perf_counter() - started


def test_the_node_answers_others_during_a_flood(node_dir: Path) -> None:
    with serve_process(node_dir, rate_per_s="50", rate_burst="50") as base:
        token = httpx.post(f"{base}/api/v1/auth/token",
                           json={"username": "alice", "password": PASSWORD}).json()["token"]
        latencies: list[float] = []

        async def scenario() -> tuple[list[int], float]:
            flood = asyncio.create_task(_flood(base, 1000, 1000.0))
            async with httpx.AsyncClient(base_url=base, timeout=10) as other:
                while not flood.done():
                    started = time.perf_counter()
                    response = await other.get("/api/v1/me",
                                               headers={"Authorization": f"Bearer {token}"})
                    assert response.status_code == 200
                    latencies.append(time.perf_counter() - started)
                    await asyncio.sleep(0.05)
            return await flood

        codes, seconds = asyncio.run(scenario())
    # Only the burst and the refill at 50/s got through; everything else was refused cheaply.
    assert len(codes) == 1000
    assert set(codes) <= {200, 429}
    assert codes.count(200) <= 50 + 50 * seconds * 1.2, (codes.count(200), seconds)
    assert seconds < 2.5, seconds  # the offered rate was about 1,000 requests a second
    assert latencies
    assert max(latencies) < 2.0, latencies
