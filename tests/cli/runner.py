"""Run ``marknet`` in-process as a user runs it (through ``marknet.cli.run``, so errors are
the one-line messages and exit codes a shell sees), with typer's ``CliRunner`` capturing."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

from typer.testing import CliRunner

from marknet.cli import run


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        assert self.code == 0, self.stderr
        return json.loads(self.stdout)


def cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Ran:
    runner = CliRunner()
    with runner.isolation(input=stdin, env=env) as streams:
        code = run(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Ran(code, out.decode(), err.decode())


def refused(ran: Ran, code: int, *fragments: str) -> str:
    """The run failed with ``code`` and one line on stderr holding every fragment."""
    assert ran.code == code, (ran.code, ran.stdout, ran.stderr)
    lines = ran.stderr.strip().splitlines()
    assert "Traceback" not in ran.stderr
    for fragment in fragments:
        assert fragment in ran.stderr, ran.stderr
    return lines[-1]
