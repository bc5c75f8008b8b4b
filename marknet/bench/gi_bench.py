"""``marknet bench gis``: a GI/AO register with many producers' rights — its import, its AO
open-data CSV (one row per right) and its replication to a partner node.

The register is generated (``marknet.sample.gi_generator``); each phase is timed on its own and
reports the process's peak resident memory so far.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from marknet.bench.exchange_bench import pull_register
from marknet.bench.measure import peak_rss_mb
from marknet.formats import write_csv
from marknet.node import init_node, open_node
from marknet.register import ImportItem
from marknet.sample.gi_generator import generate_gis
from marknet.store import RecordFilter


def _load(data_dir: Path, office: str, gis: int, rights: int, fresh: bool) -> dict[str, Any]:
    with init_node(data_dir, office) if fresh else open_node(data_dir) as node:
        items = (ImportItem(f"generated:{i}", d) for i, d in
                 enumerate(generate_gis(gis, rights, office=office), 1))
        started = time.perf_counter()
        report = node.register.import_items(items, actor="bench",
                                            batch_size=node.settings.import_batch_size)
        seconds = time.perf_counter() - started
    return {"imported": report.imported, "rejected": len(report.rejected),
            "seconds": round(seconds, 2)}


def bench_gis(gis: int, rights: int, workdir: Path | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"benchmark": "gis", "gis": gis, "rights": gis * rights}
    with tempfile.TemporaryDirectory(prefix="marknet-bench-", dir=workdir) as tmp:
        base = Path(tmp)
        loaded = _load(base / "import", "RU", gis, rights, fresh=True)
        out["import"] = {**loaded, "gis_per_s": round(gis / loaded["seconds"]),
                         "rights_per_s": round(gis * rights / loaded["seconds"]),
                         "rss_mb": peak_rss_mb()}
        out["ao_csv"] = _ao_csv(base)
        pulled = pull_register(base / "replicate",
                               lambda data_dir: _load(data_dir, "BY", gis, rights, fresh=False))
        with open_node(base / "replicate" / "ru") as ru:
            mirrored = sum(len(r.data.get("certificates", []))
                           for r in ru.store.iter_records(RecordFilter(register="BY")))
        out["replicate"] = {**pulled, "rights_mirrored": mirrored,
                            "rights_per_s": round(mirrored / pulled["seconds"]),
                            "rss_mb": peak_rss_mb()}
    return out


def _ao_csv(base: Path) -> dict[str, Any]:
    with open_node(base / "import") as node:
        records = (r.data for r in node.store.iter_records(RecordFilter(register="RU")))
        started = time.perf_counter()
        written = write_csv(records, base / "register.csv", dt.date.today())
        seconds = time.perf_counter() - started
    with written[-1].open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle, delimiter=";")) - 1
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
            "bytes": written[-1].stat().st_size, "rss_mb": peak_rss_mb()}
