"""The API's commands as users run them: users with roles, tokens, the watch scan (in-process,
through ``tests.cli.runner``), against a served node; the bench in a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from marknet.node import open_node
from tests.api.seed import serve_process
from tests.cli.runner import Ran, cli


def marknet(*args: str, password: str | None = None) -> Ran:
    return cli(*args, env=None if password is None else {"MARKNET_USER_PASSWORD": password})


def test_users_tokens_and_the_api(tmp_path: Path) -> None:
    data = str(tmp_path / "ru")
    assert marknet("init", "--data-dir", data, "--office", "RU").code == 0
    added = marknet("users", "add", "ivanova", "--role", "examiner", "--office", "RU",
                    "--data-dir", data, "--json", password="s3cret-pass")
    assert added.code == 0, added.stderr
    assert json.loads(added.stdout) == {"username": "ivanova", "role": "examiner",
                                        "office": "RU"}
    refused = marknet("users", "add", "petrov", "--role", "examiner", "--data-dir", data,
                      password="s3cret-pass")
    assert refused.code == 2
    assert "office" in refused.stderr
    assert "Traceback" not in refused.stderr
    with open_node(data) as node:
        stored = node.store.query("SELECT password_hash FROM api_users")[0][0]
    assert str(stored).startswith("$argon2id$")
    assert "s3cret-pass" not in str(stored)
    token = marknet("users", "token", "ivanova", "--data-dir", data, "--json")
    bearer = json.loads(token.stdout)["token"]
    listed = json.loads(marknet("users", "list", "--data-dir", data, "--json").stdout)
    assert [u["username"] for u in listed] == ["ivanova"]
    with serve_process(Path(data)) as base:
        me = httpx.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {bearer}"})
        assert me.json() == {"role": "examiner", "username": "ivanova", "office": "RU"}
        assert marknet("users", "disable", "ivanova", "--data-dir", data).code == 0
        again = httpx.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {bearer}"})
        assert again.status_code == 401
    scanned = marknet("watches", "scan", "--data-dir", data, "--json")
    assert json.loads(scanned.stdout) == {"notifications": 0}


def test_bench_api_prints_its_figures(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "marknet", "bench", "api", "--records", "300",
                             "--clients", "4", "--seconds", "1", "--json"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["records"] == 300
    assert figures["requests_per_s"] > 0
    assert figures["p95_ms"] >= figures["p50_ms"] > 0
