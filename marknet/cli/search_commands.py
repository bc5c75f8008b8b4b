"""``marknet search``: conflict search across scripts, offices and goods; ``bench search``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from marknet.cli import bench
from marknet.cli.common import DatabaseUrl, DataDir, JsonFlag, console, err_console, print_json
from marknet.errors import InputError, MarknetError
from marknet.node import open_node
from marknet.search import Filters, Hit, SearchIndex, make_query
from marknet.search.query import DEFAULT_LIMIT, MAX_QUERY_CHARS, MIN_SCORE
from marknet.search.sync import open_index

Classes = Annotated[list[int] | None, typer.Option(
    "--class", help="Nice class 1..45 (repeat for several); also the goods compared.")]
Offices = Annotated[list[str] | None, typer.Option("--office", help="ST.3 office code (repeat).")]
Statuses = Annotated[list[str] | None, typer.Option(
    "--status", help="Status or group: pending, in_force, ended, registered… (repeat).")]
Vienna = Annotated[list[str] | None, typer.Option(
    "--vienna", help="Vienna code or its prefix: 26, 26.04, 26.04.02 (repeat).")]


def register(app: typer.Typer) -> None:
    app.command("search")(search)
    bench.app.command("search")(bench_search)


def search(query: Annotated[str | None, typer.Argument(help="The sign to search for.")] = None,
           data_dir: DataDir = None, database_url: DatabaseUrl = None,
           mode: Annotated[str, typer.Option(
               help="similar (default), exact, prefix, contains, fuzzy, phonetic, translit")]
           = "similar",
           classes: Classes = None, offices: Offices = None, statuses: Statuses = None,
           kind: Annotated[str | None, typer.Option(help="trademark or gi")] = None,
           feature: Annotated[str | None, typer.Option(help="Word, Combined, Figurative…")]
           = None,
           filed_from: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
           filed_to: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
           vienna: Vienna = None,
           limit: Annotated[int, typer.Option(help="Hits per query (1..1000).")] = DEFAULT_LIMIT,
           min_score: Annotated[float, typer.Option(
               help="similar mode: leave out hits scoring below this.")] = MIN_SCORE,
           queries: Annotated[Path | None, typer.Option(
               "--queries", help="Run one query per line of FILE; print JSON Lines.")] = None,
           json: JsonFlag = False) -> None:
    """Search every mark and GI the node holds (its register and partners' mirrors)."""
    if (query is None) == (queries is None):
        raise InputError("give either a QUERY or --queries FILE")
    # Validated before the index is opened, every problem at once: bad input fails fast.
    request = make_query(query if query is not None else "batch", mode, None, limit, min_score,
                         offices=offices or (), statuses=statuses or (), classes=classes or (),
                         kind=kind, feature=feature, filed_from=filed_from, filed_to=filed_to,
                         vienna=vienna or ())
    filters = request.filters
    lines = _read_queries(queries) if queries is not None else []
    with open_node(data_dir, database_url) as node:
        index = open_index(node.settings.data_dir / "index", node.store)
        if queries is not None:
            _batch(index, lines, mode, filters, limit, min_score)
            return
        hits = index.search(request)
    if request.truncated:
        err_console.print(f"note: the query was cut to {MAX_QUERY_CHARS} characters",
                          highlight=False)
    if json:
        print_json([hit.to_dict() for hit in hits])
    else:
        _table(request.text, hits)


def _read_queries(path: Path) -> list[str]:
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text") from exc
    return [line for line in text.splitlines() if line.strip()]


def _batch(index: SearchIndex, lines: list[str], mode: str, filters: Filters, limit: int,
           min_score: float) -> None:
    """One JSON line per query, in input order; a bad line reports its error, not the batch."""
    out = sys.stdout
    for line in lines:
        record: dict[str, Any] = {"query": line}
        try:
            record["hits"] = [h.to_dict() for h in index.search(
                make_query(line, mode, filters, limit, min_score))]
        except MarknetError as exc:
            record["hits"] = []
            record["error"] = exc.message
        out.write(orjson.dumps(record).decode() + "\n")
    out.flush()


def _table(query: str, hits: list[Hit]) -> None:
    if not hits:
        console.print(f"no marks or GIs found for {query!r}", highlight=False)
        return
    table = Table(title=f"{len(hits)} hits for {query!r}", show_lines=True)
    for column in ("score", "id", "office", "status", "classes", "text", "why"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        why = "\n".join(f"{name} {c.score:.2f}: {c.reason}" for name, c in hit.why.items()
                        if c.score > 0 or name in ("goods", "gi"))
        table.add_row(f"{hit.score:.3f}", hit.id, hit.office, hit.status,
                      ",".join(map(str, hit.nice_classes)), hit.text, why)
    console.print(table)


def bench_search(records: Annotated[int, typer.Option("--records", min=1)] = 100_000,
                 queries: Annotated[int, typer.Option("--queries", min=1)] = 200,
                 database_url: DatabaseUrl = None, json: JsonFlag = False) -> None:
    """Generate N marks, build the index, time the fixed query set; recall vs exhaustive."""
    from marknet.bench.search_bench import bench_search as run

    result = run(records, queries, database_url)
    if json:
        print_json(result)
    else:
        for key, value in result.items():
            console.print(f"{key:>26}: {value}", highlight=False)
