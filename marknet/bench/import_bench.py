"""``marknet bench import``: generate N records as JSON Lines, then time their import."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marknet.bench.measure import cpu_seconds, load_average, peak_rss_mb
from marknet.formats.bench import bench_import_st96
from marknet.formats.jsonl import read_jsonl, write_jsonl
from marknet.node import init_node
from marknet.register import ImportItem
from marknet.sample.generator import generate_records


def bench_import_jsonl(records: int, database_url: str | None = None,
                       workdir: Path | None = None, seed: int = 7) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="marknet-bench-", dir=workdir) as tmp:
        source = Path(tmp) / "marks.jsonl"
        write_jsonl(generate_records(records, seed, "RU"), source)
        with init_node(Path(tmp) / "node", "RU", database_url) as node:
            load, cpu, started = load_average(), cpu_seconds(), time.perf_counter()
            report = node.register.import_items(read_jsonl(source), actor="bench",
                                                batch_size=node.settings.import_batch_size,
                                                workers=node.settings.import_workers)
            seconds = time.perf_counter() - started
            backend = node.store.url.split(":", 1)[0]
            workers = node.settings.import_workers
            cpu = cpu_seconds() - cpu
    return {"benchmark": "import", "format": "jsonl", "backend": backend, "workers": workers,
            "records": records,
            "imported": report.imported, "rejected": len(report.rejected),
            "seconds": round(seconds, 2), "records_per_s": round(records / seconds),
            **_cpu(cpu, records, load), "rss_mb": peak_rss_mb()}


def _cpu(cpu: float, records: int, load_before: float) -> dict[str, Any]:
    """CPU spent by marknet's processes (not the database server's), and how busy the machine
    was: on a shared machine wall time says little, CPU per record says what the code costs."""
    return {"cpu_seconds": round(cpu, 2), "cpu_us_per_record": round(cpu / records * 1e6, 1),
            "load_average_before": load_before, "load_average_after": load_average()}


def bench_import_st96_into_node(records: int, database_url: str | None = None,
                                workdir: Path | None = None, seed: int = 7) -> dict[str, Any]:
    """Write N generated records as one ST.96 file (untimed), then time importing it."""
    with (tempfile.TemporaryDirectory(prefix="marknet-bench-", dir=workdir) as tmp,
          init_node(Path(tmp) / "node", "RU", database_url) as node):
        spent: dict[str, Any] = {}

        def consume(items: Iterator[ImportItem]) -> None:
            load, cpu = load_average(), cpu_seconds()  # the sample file is written by now
            node.register.import_items(items, actor="bench", workers=node.settings.import_workers,
                                       batch_size=node.settings.import_batch_size)
            spent.update(_cpu(cpu_seconds() - cpu, records, load))

        result = bench_import_st96(records, Path(tmp), seed=seed, consume=consume)
        result["backend"] = node.store.url.split(":", 1)[0]
        result["workers"] = node.settings.import_workers
        result["imported"] = node.store.head("RU").seq
    return result | spent | {"rss_mb": peak_rss_mb()}
