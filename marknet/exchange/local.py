"""Nodes on one machine, as separate processes: for the demo, the benchmarks and the fault tests.

Each node is ``python -m marknet serve`` on a free loopback port, so killing one (even with
SIGKILL) is a real crash of a real server and its database connection.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from marknet.errors import ConfigError
from marknet.exchange.keys import KeyRing
from marknet.exchange.peers import add_peer
from marknet.exchange.request_auth import sign_request
from marknet.node import open_node
from marknet.settings import load_settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LocalNode:
    data_dir: Path
    port: int
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait_s: float = 300.0) -> None:  # a large node indexes before it listens
        self.launch()
        try:
            wait_healthy(self.url, wait_s, self.process)
        except ConfigError as exc:
            log = (self.data_dir / "serve.log").read_text(encoding="utf-8", errors="replace")
            raise ConfigError(f"{exc.message}; log: {log[-600:]}") from exc

    def launch(self) -> None:
        """Start the process without waiting for it to answer."""
        log = (self.data_dir / "serve.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "marknet", "serve", "--data-dir", str(self.data_dir),
             "--port", str(self.port)], env={**os.environ, **self.env},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def exchange_get(self, path: str) -> Any:
        """An exchange resource of this node, read as its operator (signed with its key)."""
        settings = load_settings(self.data_dir)
        url = self.url + path
        headers = sign_request("GET", url, KeyRing(settings.keys_dir).active(), settings.office,
                               settings.office, dt.datetime.now(dt.UTC))
        response = httpx.get(url, headers=headers, trust_env=False)
        response.raise_for_status()
        return response.json()

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a power cut of the process."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None

    def stop(self, timeout_s: float = 15.0) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process = None


def wait_healthy(url: str, wait_s: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ConfigError(f"the node at {url} exited with code {process.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=1.0, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise ConfigError(f"the node at {url} did not become healthy within {wait_s:.0f} s")


def pair(nodes: Mapping[str, LocalNode]) -> None:
    """Make every node a partner of every other: URL and current public key (both ways)."""
    for office, node in nodes.items():
        with open_node(node.data_dir) as opened:
            for other_office, other in nodes.items():
                if other_office == office:
                    continue
                ring = KeyRing(other.data_dir / "keys")
                add_peer(opened.store, other_office, other.url, ring.active().public_b64,
                         opened.office)
