"""The image index on disk (``DATA_DIR/index/images/``) and kept current with the registers.

Like the verbal index: ``current`` names the active folder (numpy columns, ``entries.json``
and a manifest with the per-register seq it reflects), written whole and then pointed to, so a
reader sees the old index or the new one. Opening it catches up with every record changed since
(own register and partners' mirrors): their old entries are dropped and their images, as now
recorded, added from the image store's descriptors.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from marknet.images.descriptors import Descriptor
from marknet.images.index import ImageEntry, ImageIndex
from marknet.images.store import ImageStore
from marknet.store import RecordFilter, Store, StoredRecord

__all__ = ["FORMAT", "build_index", "catch_up", "load_index", "open_image_index",
           "save_index"]

FORMAT = 1


def entries_of(records: Iterable[StoredRecord], images: ImageStore) -> Iterator[ImageEntry]:
    """One entry per stored image of each record (an image not yet fetched is left out)."""
    for record in records:
        for image in record.data.get("images") or ():
            sha = image.get("sha256")
            descriptor = images.descriptor(sha) if sha else None
            if descriptor is not None:
                yield ImageEntry(record.id, record.register, sha,
                                 tuple(image.get("vienna_codes") or ()), descriptor)


def build_index(store: Store, images: ImageStore) -> ImageIndex:
    seqs = {h.register: h.seq for h in store.heads()}  # first: later writes are caught up
    return ImageIndex.from_entries(entries_of(store.iter_records(), images), seqs)


def catch_up(index: ImageIndex, store: Store, images: ImageStore) -> int:
    """Re-index every record changed since the index's seqs; returns how many changed."""
    changed: dict[str, StoredRecord] = {}
    heads = {h.register: h.seq for h in store.heads()}
    for register, seq in heads.items():
        after = index.seqs.get(register, 0)
        if seq > after:
            for record in store.iter_records(RecordFilter(register=register,
                                                          updated_after_seq=after)):
                changed[record.id] = record
    index.drop(changed)
    index.add(entries_of(changed.values(), images))
    index.seqs.update(heads)
    return len(changed)


def open_image_index(folder: Path, store: Store, images: ImageStore) -> ImageIndex:
    """Loaded and caught up, or built; saved again when anything changed."""
    index = load_index(folder)
    if index is None:
        index = build_index(store, images)
        save_index(folder, index)
    elif catch_up(index, store, images):
        save_index(folder, index)
    return index


def save_index(folder: Path, index: ImageIndex) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"base-{uuid.uuid4().hex[:12]}"
    target = folder / name
    target.mkdir()
    np.save(target / "hashes.npy", index.hashes)
    np.save(target / "colours.npy", index.colours)
    np.save(target / "hu.npy", index.hu)
    entries = {"record_ids": index.record_ids, "registers": index.registers,
               "shas": index.shas, "vienna": [list(v) for v in index.vienna]}
    (target / "entries.json").write_text(json.dumps(entries), "utf-8")
    manifest = {"format": FORMAT, "seqs": index.seqs, "images": index.size}
    (target / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    pointer = folder / f"current.{os.getpid()}"
    pointer.write_text(name, "utf-8")
    os.replace(pointer, folder / "current")
    for old in folder.glob("base-*"):
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)


def load_index(folder: Path) -> ImageIndex | None:
    try:
        target = folder / (folder / "current").read_text("utf-8").strip()
        manifest: dict[str, Any] = json.loads((target / "manifest.json").read_text("utf-8"))
        if manifest.get("format") != FORMAT:
            return None
        entries = json.loads((target / "entries.json").read_text("utf-8"))
        return ImageIndex(
            list(entries["record_ids"]), list(entries["registers"]), list(entries["shas"]),
            [tuple(v) for v in entries["vienna"]], np.load(target / "hashes.npy"),
            np.load(target / "colours.npy"), np.load(target / "hu.npy"),
            {str(k): int(v) for k, v in manifest["seqs"].items()})
    except (OSError, ValueError, KeyError):
        return None  # missing, half-written or another version: the caller builds it


def descriptor_width() -> int:
    return len(Descriptor(0, 0, 0, 0, (0.0,) * 7).to_bytes())
