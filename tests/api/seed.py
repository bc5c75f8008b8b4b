"""A small node for the API and page tests: marks in both scripts, a confidential application,
a hostile mark text, a partner's mirrored register, GIs with producers, and users of each role.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from marknet.accounts.users import add_user
from marknet.api import create_app
from marknet.node import Node, init_node
from marknet.register import ImportItem
from marknet.sample.gis import sample_gis

PASSWORD = "correct horse battery"
HOSTILE = '<script>alert("x")</script> Ёжик'
USERS = (("alice", "applicant", None), ("bob", "applicant", None),
         ("ivanova", "examiner", "RU"), ("petrov", "examiner", "BY"), ("root", "admin", None))


def mark(office: str, number: str, filed: str, text: str, classes: list[int],
         status: str = "registered", **more: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "office": office, "application_number": number, "filing_date": filed,
        "status": status, "feature": "Word",
        "verbal_elements": [{"text": text}],
        "goods_services": [{"nice_class": c, "terms": []} for c in classes],
        "parties": [{"name": "ООО «Пример»", "role": "holder", "country": office}], **more}
    if status == "registered":
        record.update(registration_number=number[-6:], registration_date=f"{filed[:4]}-12-01")
    return record


RU_MARKS = [
    mark("RU", "2010700001", "2010-03-01", "LUKOIL", [4, 35]),
    mark("RU", "2011700002", "2011-04-02", "Кока-Кола", [32]),
    mark("RU", "2012700003", "2012-05-03", "Ромашка", [3]),
    mark("RU", "2013700004", "2013-06-04", "Ромашка", [30]),
    mark("RU", "2024700005", "2024-07-05", "Секретный проект", [9], status="filed"),
    mark("RU", "2015700006", "2015-08-06", HOSTILE, [9]),
]
BY_MARKS = [mark("BY", "20160001", "2016-01-10", "Савушкин продукт", [29])]
CONFIDENTIAL = "RU502024000700005"
LUKOIL = "RU502010000700001"


def seed(node: Node) -> None:
    items = [ImportItem(f"seed:{i}", r) for i, r in enumerate(RU_MARKS + sample_gis("RU"))]
    report = node.register.import_items(items, actor="seed")
    assert not report.rejected, report.rejected
    foreign = [ImportItem(f"by:{i}", r) for i, r in enumerate(BY_MARKS + sample_gis("BY"))]
    report = node.register.import_items(foreign, actor="seed", allow_foreign=True)
    assert not report.rejected, report.rejected
    for username, role, office in USERS:
        add_user(node.store, username, PASSWORD, role, office)


def make_node(path: Path) -> Path:
    with init_node(path, "RU") as node:
        seed(node)
    return path


@contextmanager
def api_env(**values: str) -> Iterator[None]:
    """MARKNET_API_* settings for the app built inside the block."""
    keys = {f"MARKNET_API_{k.upper()}": v for k, v in values.items()}
    old = {k: os.environ.get(k) for k in keys}
    os.environ.update(keys)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_app(path: Path, shared_answers: Path | None = None, **settings: str) -> FastAPI:
    from marknet.settings import load_settings

    defaults = {"rate_per_s": "0", "watch_poll_s": "0.2", "webhook_allow_private": "true"}
    with api_env(**{**defaults, **settings}):
        return create_app(load_settings(path), workers=False, shared_answers=shared_answers)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port in a thread; yields the base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error",
                                           timeout_keep_alive=60,
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def serve_process(path: Path, **settings: str) -> Iterator[str]:
    """``marknet serve`` in its own process (as in production); yields the base URL."""
    with served(path, **settings) as (_, base):
        yield base


@contextmanager
def served(path: Path, *options: str, **settings: str
           ) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``marknet serve`` with extra command-line ``options``; yields the process and base URL."""
    import socket
    import sys
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, **{f"MARKNET_API_{k.upper()}": v for k, v in settings.items()}}
    proc = subprocess.Popen([sys.executable, "-m", "marknet", "serve", "--data-dir", str(path),
                             "--port", str(port), *options], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass  # not listening yet
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("marknet serve did not start")
            time.sleep(0.1)
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=30)
