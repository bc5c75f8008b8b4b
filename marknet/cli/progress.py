"""Progress bars for long commands: on a terminal only (stderr), with the total and the time
left when the total is known; nothing at all when output is piped or redirected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from marknet.cli.common import err_console, interactive

Advance = Callable[[int], None]


@contextmanager
def progress(description: str, total: int | None) -> Iterator[Advance | None]:
    """An ``advance(n)`` callback drawing a bar on a terminal, or None when not on one."""
    if not interactive():
        yield None
        return
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    if total is not None:
        columns += [TextColumn("left"), TimeRemainingColumn()]
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


def count_lines(path: Path) -> int | None:
    """Records in a line-per-record file (JSON Lines, CSV), counted cheaply; None for XML,
    whose records can only be counted by parsing it."""
    if path.suffix.lower() not in (".jsonl", ".ndjson", ".csv", ".txt"):
        return None
    count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
    return count
