"""The CLI (typer's CliRunner, in-process) and the API (TestClient) as the step tests drive
them: a refusal is a MarknetError with its one-line message; anything else is a crash."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from click.testing import CliRunner
from fastapi.testclient import TestClient
from typer.main import get_command

from marknet.cli import app
from marknet.errors import MarknetError

# typer builds the command from the functions' signatures on every CliRunner call (a third of
# a second); built once here, its vendored click command runs under click's own runner.
COMMAND = cast(Any, get_command(app))


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    body: Any  # the JSON answer, or the refusal's one-line message


class CrashError(AssertionError):
    """A traceback from the CLI or a 5xx from the API: never acceptable."""


def cli(data_dir: Path, *args: str) -> Outcome:
    result = CliRunner().invoke(COMMAND, [*args, "--data-dir", str(data_dir), "--json"])
    if result.exception is None:
        return Outcome(True, json.loads(result.stdout))
    if isinstance(result.exception, MarknetError):
        message = result.exception.message
        assert "\n" not in message.strip(), message
        return Outcome(False, message)
    if isinstance(result.exception, SystemExit) and result.exit_code == 2:
        return Outcome(False, result.output.strip().splitlines()[-1])  # click's usage error
    crash = result.exception
    raise CrashError(f"marknet {' '.join(args)} crashed: {crash!r}") from crash


def api(client: TestClient, method: str, url: str, token: str,
        body: dict[str, Any] | None = None) -> Outcome:
    response = client.request(method, url, headers={"Authorization": f"Bearer {token}"},
                              json=body)
    if response.status_code >= 500:
        raise CrashError(f"{method} {url} answered {response.status_code}: {response.text[:300]}")
    answer = response.json()
    if response.is_success:
        return Outcome(True, answer)
    return Outcome(False, answer.get("detail") or answer.get("title") or answer)
