"""``marknet serve --processes N``: several processes answer on one port, only the first runs
the node's background work, and they all stop together — also when the first is killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from marknet.api.serving import bind
from tests.api.seed import build_app, served


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_second_process_answers_on_the_same_port(node_dir: Path) -> None:
    with served(node_dir, "--processes", "2", rate_per_s="0") as (proc, base):
        assert _wait(lambda: len(_children(proc.pid)) == 1, 30)
        # With the first process stopped, only the second answers: the kernel spreads new
        # connections over both, so some wait on the stopped one and the rest are answered.
        os.kill(proc.pid, signal.SIGSTOP)
        answered: list[httpx.Response] = []
        try:
            for _ in range(30):
                try:
                    answered.append(httpx.get(f"{base}/api/v1/search",
                                              params={"q": "лукойл"}, timeout=3))
                except httpx.TimeoutException:
                    continue
                if len(answered) == 3:
                    break
        finally:
            os.kill(proc.pid, signal.SIGCONT)
        assert len(answered) == 3
        assert all(r.json()["hits"][0]["text"] == "LUKOIL" for r in answered)
        # The second process left its answer for the first in the node's shared file.
        shared = sqlite3.connect(node_dir / "cache" / "search-answers.sqlite3")
        with closing(shared):
            queries = [bytes(q) for (q,) in shared.execute("select query from answers")]
        assert queries == [b"q=%D0%BB%D1%83%D0%BA%D0%BE%D0%B9%D0%BB"]
        child = _children(proc.pid)[0]
        proc.terminate()
        proc.wait(timeout=30)
        assert _wait(lambda: not _alive(child), 15)


def test_the_others_stop_when_the_first_is_killed(node_dir: Path) -> None:
    with served(node_dir, "--processes", "3", rate_per_s="0") as (proc, _):
        assert _wait(lambda: len(_children(proc.pid)) == 2, 30)
        children = _children(proc.pid)
        proc.kill()
        proc.wait(timeout=10)
        assert _wait(lambda: not any(_alive(c) for c in children), 15)


def test_a_taken_port_is_a_one_line_error(node_dir: Path) -> None:
    with bind("127.0.0.1", 0) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "marknet", "serve", "--data-dir",
                                 str(node_dir), "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_answering_process_runs_no_background_work(node_dir: Path) -> None:
    from marknet.api import create_app
    from marknet.settings import load_settings

    before = {t.name for t in threading.enumerate()}
    with TestClient(create_app(load_settings(node_dir), background=False)) as client:
        assert client.get("/healthz").status_code == 200
        started = {t.name for t in threading.enumerate()} - before
    assert not any(name.startswith("marknet") for name in started), started
    with TestClient(build_app(node_dir)):  # the first process of a node does run them
        started = {t.name for t in threading.enumerate()} - before
    assert "marknet-watch" in started
