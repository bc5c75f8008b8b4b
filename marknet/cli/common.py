"""Options and helpers shared by the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", envvar="MARKNET_DATA_DIR", help="The node's data directory.")]
DatabaseUrl = Annotated[str | None, typer.Option(
    "--database-url", envvar="MARKNET_DATABASE_URL",
    help="postgresql://… to use PostgreSQL instead of the node's SQLite file.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


def print_json(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")
    sys.stdout.flush()


def interactive() -> bool:
    return sys.stderr.isatty()
