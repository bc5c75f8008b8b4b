"""The exchange commands as users run them (in-process, through ``tests.cli.runner``): JSON
output, one-line errors; the demo, which starts and stops servers, in a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.runner import Ran, cli


def marknet(*args: str) -> Ran:
    return cli(*args)


def ok(*args: str) -> Any:
    return cli(*args, "--json").json()


@pytest.fixture
def nodes(tmp_path: Path) -> dict[str, Any]:
    return {office: {"dir": str(tmp_path / office.lower()),
                     **ok("init", "--data-dir", str(tmp_path / office.lower()), "--office",
                          office)} for office in ("RU", "BY")}


def test_peers_keys_send_outbox_inbox(nodes: dict[str, Any]) -> None:
    ru, by = nodes["RU"], nodes["BY"]
    peer = ok("peers", "add", "--office", "by", "--url", "http://127.0.0.1:8002/", "--key",
              by["public_key"], "--data-dir", ru["dir"])
    assert peer == {"office": "BY", "url": "http://127.0.0.1:8002",
                    "keys": [{"fingerprint": by["fingerprint"], "status": "active"}]}
    listed = ok("peers", "list", "--data-dir", ru["dir"])
    assert listed[0]["keys"][0]["public_key"] == by["public_key"]
    assert listed[0]["mirror_seq"] == 0
    rotated = ok("keys", "rotate", "--data-dir", ru["dir"])
    assert rotated["announced_to"] == ["BY"]
    assert rotated["previous"] == ru["key_id"]
    keys = ok("keys", "show", "--data-dir", ru["dir"])
    assert [k["active"] for k in keys] == [True, False]
    sent = ok("send", "--to", "BY", "--type", "MSG.058", "--payload", '{"doc": 1}',
              "--data-dir", ru["dir"])
    assert sent["recipient"] == "BY"
    queued = ok("outbox", "--status", "pending", "--data-dir", ru["dir"])
    assert queued["counts"] == {"BY": {"pending": 2}}
    assert {m["type"] for m in queued["messages"]} == {"MSG.058", "marknet.key-rotated"}
    assert ok("inbox", "--data-dir", by["dir"])["counts"] == {"accepted": {}, "rejected": {}}


@pytest.mark.parametrize(("args", "text"), [
    (("peers", "add", "--office", "BY", "--url", "http://x:1", "--key", "not-a-key"),
     "not an Ed25519 public key"),
    (("peers", "add", "--office", "XX", "--url", "http://x:1", "--key", "AAAA"),
     "unknown office code"),
    (("peers", "add", "--office", "BY", "--url", "ftp://x", "--key", "AAAA"), "http(s)"),
    (("peers", "add", "--office", "RU", "--url", "http://x:1", "--key", "AAAA"),
     "not a partner"),
    (("outbox", "--status", "lost"), "--status must be one of"),
    (("send", "--to", "BY", "--type", "MSG.000", "--payload", "{}"), "unknown message type"),
])
def test_bad_input_is_one_line_and_exit_2(nodes: dict[str, Any], args: tuple[str, ...],
                                          text: str) -> None:
    if args[-1] == "AAAA":
        args = (*args[:-1], nodes["BY"]["public_key"])
    result = marknet(*args, "--data-dir", nodes["RU"]["dir"])
    assert result.code == 2, result.stderr
    assert text in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_refuses_a_directory_that_is_not_a_node(tmp_path: Path) -> None:
    result = marknet("serve", "--data-dir", str(tmp_path / "nothing"))
    assert result.code == 2
    assert "is not a marknet node" in result.stderr


def test_demo_runs_two_replicating_nodes_and_stops_cleanly(tmp_path: Path) -> None:
    demo = subprocess.run([sys.executable, "-m", "marknet", "demo", "--dir",
                           str(tmp_path / "demo"), "--records", "500", "--port", "0", "--once",
                           "--json"], capture_output=True, text=True, timeout=240, check=False)
    assert demo.returncode == 0, demo.stderr
    info = json.loads(demo.stdout)
    assert set(info["urls"]) == {"RU", "BY"}
    ru = str(tmp_path / "demo" / "ru")
    shown = ok("show", "BY522015000000001", "--data-dir", ru)  # BY's GI, on the RU node
    assert shown["register"] == "BY"
    heads = {p["office"]: p["mirror_seq"] for p in ok("peers", "list", "--data-dir", ru)}
    # 500 marks, 3 GIs, the README's 3 example marks and 42 drawn emblems with their images
    assert heads["BY"] == 548
    assert ok("show", "RU502020000740504", "--data-dir", ru)["record"]["verbal_elements"][0][
        "text"] == "ЛУКОЙЛ"
    hits = ok("search", "LUKOIL", "--class", "4", "--data-dir", ru)
    assert hits[0]["id"] == "RU502020000740504"
    assert ok("verify", "--data-dir", ru)["ok"] is True
    # BY's emblems replicated with their images: RU's own star finds BY's recoloured one
    looks = ok("images", "search", "--record", "RU502016000790001", "--data-dir", ru)
    assert looks[0]["id"] == "BY502016000000001"
    assert looks[0]["register"] == "BY"
    assert looks[0]["why"]["image"]["reason"].startswith("same shape, different colours")
