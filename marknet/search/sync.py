"""Keeping a node's index on disk and up to date with its registers.

``DATA_DIR/index/current`` names the active base directory (``base-<id>``: the segment's
``.npy``/``.txt`` files and ``manifest.json`` with the per-register seq it reflects and a
fingerprint of the text layer). ``open_index`` loads it memory-mapped, or builds it when it is
missing or stale, then catches up: every record changed since the manifest's seq (any
register: the node's own and the partners' mirrors) is read from the store, its old row hidden
and the new state put into a small in-memory delta segment. When the delta grows past
``REBUILD_SHARE`` of the base the index is rebuilt and saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from marknet.search.index import SearchIndex
from marknet.search.namekeys import concept_vocab, name_keys
from marknet.search.records import RecordColumns
from marknet.search.segment import Segment
from marknet.store import RecordFilter, Store, StoredRecord

__all__ = ["FORMAT", "fingerprint", "is_saved", "open_index", "rebuild"]

FORMAT = 4  # 2: per-name sign columns (sign_rest); 3: rec_published; 4: row_first
REBUILD_SHARE = 0.05
REBUILD_MIN = 5_000
_PROBES = ("ЛУКОЙЛ", "Coca-Cola", "Крыніца", "Schweppes", "Солнце", "LUK0IL", "Щёлково")


# Told how many more records were read while a base is built (a progress bar's advance).
Progress = Callable[[int], None]
_PROGRESS_EVERY = 1_000


def fingerprint() -> str:
    """Changes whenever the text layer would give the indexed names other keys."""
    probe = [FORMAT, len(concept_vocab()), [list(name_keys(p.lower())) for p in _PROBES]]
    return hashlib.sha256(json.dumps(probe, ensure_ascii=False).encode()).hexdigest()[:16]


def _stored(records: Iterator[StoredRecord], columns: RecordColumns,
            progress: Progress | None = None) -> RecordColumns:
    for count, record in enumerate(records, 1):
        columns.add(record.data, record.register, record.last_seq)
        if progress is not None and count % _PROGRESS_EVERY == 0:
            progress(_PROGRESS_EVERY)
    return columns


def _heads(store: Store) -> dict[str, int]:
    return {head.register: head.seq for head in store.heads()}


def rebuild(folder: Path, store: Store, workers: int | None = None,
            progress: Progress | None = None) -> SearchIndex:
    """Build the base from every stored record and make it the active one on disk;
    *progress* is told of the records read, in steps."""
    seqs = _heads(store)  # read first: anything written meanwhile is caught up next time
    base = Segment.build(_stored(store.iter_records(), RecordColumns(), progress), workers)
    index = SearchIndex([base], seqs)
    _save(folder, base, seqs)
    return index


def _save(folder: Path, base: Segment, seqs: dict[str, int]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"base-{uuid.uuid4().hex[:12]}"
    target = folder / name
    base.save(target)
    manifest = {"format": FORMAT, "fingerprint": fingerprint(), "seqs": seqs,
                "records": base.size, "names": len(base.names)}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
    pointer = folder / f"current.{os.getpid()}"
    pointer.write_text(name, "utf-8")
    os.replace(pointer, folder / "current")  # atomic: readers see the old or the new base
    for old in folder.glob("base-*"):
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)


def _load(folder: Path) -> tuple[Segment, dict[str, int]] | None:
    try:
        target = folder / (folder / "current").read_text("utf-8").strip()
        manifest: dict[str, Any] = json.loads((target / "manifest.json").read_text("utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("fingerprint") != fingerprint():
            return None
        return Segment.load(target), {str(k): int(v) for k, v in manifest["seqs"].items()}
    except (OSError, ValueError, KeyError):
        return None  # missing, half-written or from another version: rebuild


def is_saved(folder: Path) -> bool:
    """Whether a base was saved in *folder* (opening then loads it, unless it is stale)."""
    return (folder / "current").is_file()


def open_index(folder: Path, store: Store, workers: int | None = None,
               progress: Progress | None = None) -> SearchIndex:
    """The node's index, loaded (or built) and caught up with every register."""
    loaded = _load(folder)
    if loaded is None:
        return rebuild(folder, store, workers, progress)
    base, seqs = loaded
    return refresh(SearchIndex([base], seqs), folder, store, workers)


def refresh(index: SearchIndex, folder: Path, store: Store,
            workers: int | None = None) -> SearchIndex:
    """Catch up; once the delta outgrows its share of the base, fold it into a new base.

    Long-lived processes (the server) call this instead of ``catch_up`` alone, so the delta,
    rebuilt on every catch-up, stays small.
    """
    catch_up(index, store)
    base = index.segments[0]
    delta = sum(seg.size for seg in index.segments[1:])
    if delta > max(REBUILD_MIN, REBUILD_SHARE * base.size):
        return rebuild(folder, store, workers)
    return index


def catch_up(index: SearchIndex, store: Store) -> int:
    """Index every record changed since the index's seqs; returns how many changed."""
    changed: dict[str, StoredRecord] = {}
    heads = _heads(store)
    for register, seq in heads.items():
        after = index.seqs.get(register, 0)
        if seq > after:
            for record in store.iter_records(RecordFilter(register=register,
                                                          updated_after_seq=after)):
                changed[record.id] = record
    if not changed:
        return 0
    base, *deltas = index.segments
    kept: list[StoredRecord] = []
    for delta in deltas:  # earlier changes not replaced now stay in the new delta
        rows = [r for r in range(delta.size) if delta.alive[r]]
        kept += [r for r in store.get_records([delta.rec_id[i].decode() for i in rows]).values()
                 if r.id not in changed]
    ids = list(changed)
    base.alive[base.rows_of(ids)] = False
    columns = _stored(iter([*kept, *changed.values()]), RecordColumns())
    index.segments = [base, Segment.build(columns, workers=1)]
    index.seqs.update(heads)
    index.changed()
    return len(changed)
