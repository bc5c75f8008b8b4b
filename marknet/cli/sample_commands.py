"""Sample data and the demo: gen, demo."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from itertools import chain
from pathlib import Path
from typing import Annotated

import typer

from marknet.cli.common import JsonFlag, console, print_json
from marknet.errors import InputError
from marknet.formats.jsonl import write_jsonl
from marknet.model.codelists import is_office_code
from marknet.node import Node, init_node
from marknet.register import ImportItem
from marknet.sample.generator import generate_records
from marknet.sample.gis import sample_gis


def register(app: typer.Typer) -> None:
    app.command("gen")(gen)
    app.command("demo")(demo)


def gen(records: Annotated[int, typer.Option("--records", min=0, max=10_000_000)] = 1000,
        out: Annotated[Path, typer.Option("--out")] = Path("marks.jsonl"),
        office: Annotated[str, typer.Option(help="RU or BY")] = "RU",
        seed: Annotated[int, typer.Option(help="Same seed, same records")] = 1,
        gis: Annotated[bool, typer.Option(help="Append the office's sample GIs")] = False,
        json: JsonFlag = False) -> None:
    """Generate realistic sample marks as JSON Lines (deterministic with --seed)."""
    office = office.upper()
    if not is_office_code(office):
        raise InputError(f"unknown office code {office!r}")
    mappings = list(sample_gis(office)) if gis else []
    count = write_jsonl(chain(generate_records(records, seed, office), mappings), out)
    if json:
        print_json({"records": count, "out": str(out), "office": office, "seed": seed})
    else:
        console.print(f"wrote {count} records to {out}")


def demo(directory: Annotated[Path | None, typer.Option(
            "--dir", help="Where to create the nodes (default: a new temporary directory)")] = None,
         records: Annotated[int, typer.Option("--records", min=1)] = 50_000,
         seed: Annotated[int, typer.Option()] = 1, json: JsonFlag = False) -> None:
    """Create RU and BY nodes with generated registers and real GIs, and say how to look."""
    base = directory or Path(tempfile.mkdtemp(prefix="marknet-demo-"))
    nodes: dict[str, dict[str, float]] = {}
    for office in ("RU", "BY"):
        started = time.perf_counter()
        node = init_node(base / office.lower(), office)
        with node:
            loaded = _load(node, records, seed)
        loaded["seconds"] = round(time.perf_counter() - started, 1)
        nodes[office] = loaded
        if not json:
            console.print(f"{office}: node in {base / office.lower()} — {loaded['imported']} "
                          f"records imported, {loaded['unchanged']} already there, "
                          f"{loaded['gis']} GIs ({loaded['seconds']} s)")
    if json:
        print_json({"dir": str(base), "nodes": nodes})
        return
    ru = base / "ru"
    console.print("\nLook around:")
    console.print(f"  marknet stats --data-dir {ru}")
    console.print(f"  marknet show RU522018000700101 --data-dir {ru}    # Вологодское масло")
    console.print(f"  marknet verify --data-dir {ru}")
    console.print(f"  marknet export --data-dir {ru} --format jsonl --out ru.jsonl")


def _load(node: Node, records: int, seed: int) -> dict[str, float]:
    items = (ImportItem(f"generated:{i}", data) for i, data in
             enumerate(generate_records(records, seed, node.office, today=dt.date.today()), 1))
    report = node.register.import_items(items, actor="demo")
    gi_items = [ImportItem(f"gi:{i}", g) for i, g in enumerate(sample_gis(node.office), 1)]
    gi_report = node.register.import_items(gi_items, actor="demo")
    if report.rejected or gi_report.rejected:
        first = (report.rejected + gi_report.rejected)[0]
        raise InputError(f"sample data rejected at {first.position}: {first.reason}")
    return {"imported": report.imported + gi_report.imported,
            "unchanged": report.unchanged + gi_report.unchanged,
            "gis": len(gi_items)}
