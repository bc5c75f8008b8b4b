"""Building the search index before a node serves, so that no one's first search waits."""

from __future__ import annotations

import time
from typing import Any

from marknet.cli.common import err_console, interactive
from marknet.cli.progress import progress
from marknet.node import Node
from marknet.search import make_query
from marknet.search.sync import is_saved, open_index


def prepare_index(node: Node) -> dict[str, Any]:
    """Load the node's saved index, or build it from every register it holds (with a
    progress bar on a terminal); either way it is saved for the server to load."""
    folder = node.settings.data_dir / "index"
    started = time.perf_counter()
    building = not is_saved(folder)
    total = sum(node.store.count_records().values())
    if building and not interactive():
        err_console.print(f"{node.office}: building the search index of {total} records…",
                          highlight=False)
    with progress(f"{node.office}: indexing", total if building else None) as advance:
        index = open_index(folder, node.store, progress=advance)
    # One search compiles the counting kernels (numba caches them on disk for the servers).
    index.warm()
    index.search(make_query("ЛУКОЙЛ"))
    return {"records": index.size, "built": building,
            "seconds": round(time.perf_counter() - started, 1)}
