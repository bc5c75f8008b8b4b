"""A crash in the middle of an import leaves each record wholly in or wholly out."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from marknet.formats.jsonl import write_jsonl
from marknet.node import init_node, open_node
from marknet.register import ImportItem
from marknet.sample.generator import generate_records

RECORDS = 40_000


def _events_written(database: Path) -> int:
    try:
        with sqlite3.connect(database, timeout=1) as conn:
            row = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()
            return int(row[0])
    except sqlite3.OperationalError:
        return 0


def test_kill_9_during_import_then_resume(tmp_path: Path) -> None:
    source = tmp_path / "marks.jsonl"
    write_jsonl(generate_records(RECORDS, 11, "RU"), source)
    data_dir = tmp_path / "ru"
    init_node(data_dir, "RU").close()
    importer = subprocess.Popen([sys.executable, "-m", "marknet", "import", str(source),
                                 "--data-dir", str(data_dir)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _events_written(data_dir / "marknet.sqlite3") < 4000 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait()
    assert importer.returncode == -signal.SIGKILL

    with open_node(data_dir) as node:
        written = node.store.head("RU").seq
        assert 0 < written < RECORDS, "the kill should land mid-import"
        assert sum(node.store.count_records().values()) == written
        assert node.register.verify().ok
        resumed = subprocess.run([sys.executable, "-m", "marknet", "import", str(source),
                                  "--data-dir", str(data_dir), "--json"],
                                 capture_output=True, text=True, timeout=300)
        assert resumed.returncode == 0, resumed.stderr
    with open_node(data_dir) as node:
        assert node.store.head("RU").seq == RECORDS
        assert sum(node.store.count_records().values()) == RECORDS
        assert node.register.verify().ok


def test_parallel_validation_gives_the_same_register(tmp_path: Path) -> None:
    items = [ImportItem(str(i), data) for i, data in enumerate(generate_records(3000, 5, "BY"))]
    items.insert(100, ImportItem("bad", {"office": "BY"}))
    items.append(ImportItem("dup", items[5].data))
    heads = []
    for workers in (1, 2):
        with init_node(tmp_path / f"w{workers}", "BY") as node:
            report = node.register.import_items(items, workers=workers)
            assert (report.imported, len(report.rejected)) == (3000, 2)
            records = {r.id: r.data for r in node.store.iter_records()}
            heads.append((records, [e.record_id for e in node.store.iter_events("BY")]))
    assert heads[0] == heads[1]
