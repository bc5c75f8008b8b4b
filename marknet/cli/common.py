"""Options and helpers shared by the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console

from marknet.errors import InputError

# Piped output is never wrapped or cut: ids, URLs and reasons stay whole on one line each
# (rich would otherwise lay everything out for an 80-column terminal).
_PIPED_WIDTH = 10_000
console = Console(soft_wrap=not sys.stdout.isatty(),
                  width=None if sys.stdout.isatty() else _PIPED_WIDTH)
err_console = Console(stderr=True, soft_wrap=not sys.stderr.isatty(),
                      width=None if sys.stderr.isatty() else _PIPED_WIDTH)

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", envvar="MARKNET_DATA_DIR", help="The node's data directory.")]
DatabaseUrl = Annotated[str | None, typer.Option(
    "--database-url", envvar="MARKNET_DATABASE_URL",
    help="postgresql://… to use PostgreSQL instead of the node's SQLite file.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite output that already exists.")]


def print_json(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")
    sys.stdout.flush()


def as_json(value: Any) -> str:
    """A value inside plain output, as compact JSON (never a Python repr)."""
    return orjson.dumps(value).decode()


def interactive() -> bool:
    return sys.stderr.isatty()


def refuse_overwrite(*paths: Path, force: bool) -> None:
    """Refuse to replace an existing output file, or to write into a non-empty directory,
    unless ``--force``: an export must never silently destroy an earlier one."""
    if force:
        return
    for path in paths:
        if path.is_dir() and any(path.iterdir()):
            raise InputError(f"{path} is a directory that is not empty; use --force to "
                             "write into it anyway", path=str(path))
        if path.exists() and not path.is_dir():
            raise InputError(f"{path} exists; use --force to overwrite it", path=str(path))
