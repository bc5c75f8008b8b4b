"""``marknet bench …``: measured figures for the README, not timed tests."""

from __future__ import annotations

from typing import Annotated

import typer

from marknet.bench.import_bench import bench_import_jsonl
from marknet.cli.common import DatabaseUrl, JsonFlag, console, print_json
from marknet.errors import InputError

app = typer.Typer(no_args_is_help=True, help="Benchmarks (figures for the README).")


@app.command("import")
def import_(records: Annotated[int, typer.Option("--records", min=1)] = 100_000,
            format: Annotated[str, typer.Option("--format")] = "jsonl",
            database_url: DatabaseUrl = None, json: JsonFlag = False) -> None:
    """Import N generated records into a fresh node and report records/s and peak RSS."""
    if format == "jsonl":
        result = bench_import_jsonl(records, database_url)
    else:
        try:
            from marknet.formats import bench as formats_bench
        except ImportError as exc:
            raise InputError(f"no import benchmark for format {format!r}") from exc
        result = formats_bench.bench_import(format, records)
    _report(result, json)


def _report(result: dict[str, object], json: bool) -> None:
    if json:
        print_json(result)
    else:
        for key, value in result.items():
            console.print(f"{key:>16}: {value}", highlight=False)
