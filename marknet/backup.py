"""A node's backup: one tar file holding a consistent snapshot of its database, its settings
and its signing keys (so keep it as safe as the node itself), and a manifest naming each
register's chain head at the time. The search index is left out: it is rebuilt from the
registers. ``restore`` unpacks into a new data directory and verifies every chain."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marknet import __version__
from marknet.errors import ConfigError, InputError
from marknet.node import Node, open_node
from marknet.register.verify import VerifyReport
from marknet.settings import NODE_FILE, SQLITE_FILE, load_settings, write_node_file
from marknet.store.snapshot import is_postgres, restore_snapshot, snapshot

MANIFEST = "marknet-backup.json"
FORMAT = 1
_DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass(frozen=True, slots=True)
class Restored:
    manifest: dict[str, Any]
    verified: VerifyReport


def backup(node: Node, out: Path) -> dict[str, Any]:
    """Write the node's backup to *out* (created with owner-only permissions)."""
    backend = "postgresql" if is_postgres(node.store.url) else "sqlite"
    heads = {h.register: {"seq": h.seq, "hash": h.hash} for h in node.store.heads()}
    manifest = {"format": FORMAT, "office": node.office, "backend": backend,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "marknet_version": __version__, "heads_before": heads}
    partial = out.with_name(out.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="marknet-backup-") as work:
        copy = Path(work) / _DATABASE[backend]
        snapshot(node.store.url, copy)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle,
                                                                  mode="w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            tar.add(node.settings.data_dir / NODE_FILE, NODE_FILE)
            tar.add(node.settings.keys_dir, "keys")
            tar.add(copy, copy.name)
    partial.replace(out)  # a backup file is whole or absent
    return manifest


def restore(archive: Path, data_dir: Path, database_url: str | None = None,
            force: bool = False) -> Restored:
    """Unpack a backup into *data_dir* (a new node) and verify every register's chain."""
    if not archive.is_file():
        raise InputError(f"no such backup file: {archive}")
    if (data_dir / NODE_FILE).exists() and not force:
        raise InputError(f"{data_dir} is already a marknet node; restore into a new "
                         "directory, or use --force to replace it")
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            manifest = _manifest(tar, archive)
            backend = manifest["backend"]
            if (backend == "postgresql") != bool(database_url and is_postgres(database_url)):
                raise InputError(f"{archive.name} holds a {backend} database: "
                                 + ("give --database-url postgresql://… of a new, empty "
                                    "database" if backend == "postgresql" else
                                    "restore it without --database-url"))
            with tempfile.TemporaryDirectory(prefix="marknet-restore-") as work:
                tar.extractall(work, members=_members(tar, backend), filter="data")
                _install(Path(work), data_dir, backend, database_url)
    except (tarfile.TarError, EOFError, OSError, KeyError, ValueError) as exc:
        raise InputError(f"{archive.name} is not a readable marknet backup: {exc}") from exc
    with open_node(data_dir) as node:
        return Restored(manifest, node.register.verify())


def _manifest(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    member = tar.extractfile(MANIFEST)
    if member is None:
        raise InputError(f"{archive.name} has no {MANIFEST}: not a marknet backup")
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT or manifest.get("backend") not in _DATABASE:
        raise InputError(f"{archive.name} is a backup format this marknet does not read "
                         f"({manifest.get('format')!r}, {manifest.get('backend')!r})")
    return manifest


def _members(tar: tarfile.TarFile, backend: str) -> list[tarfile.TarInfo]:
    """Only what a backup holds; anything else in the file is not unpacked."""
    wanted = {NODE_FILE, _DATABASE[backend]}
    return [m for m in tar.getmembers()
            if m.name in wanted or (m.name.startswith("keys/") and m.isfile())
            or m.name == "keys"]


def _install(work: Path, data_dir: Path, backend: str, database_url: str | None) -> None:
    if not (work / NODE_FILE).is_file() or not (work / "keys").is_dir():
        raise InputError("the backup lacks the node's settings or keys")
    office = str(json.loads((work / NODE_FILE).read_text("utf-8"))["office"])
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = load_settings(data_dir, office=office, database_url=database_url)
    url = settings.store_url
    if backend == "sqlite":
        for stale in (SQLITE_FILE, f"{SQLITE_FILE}-wal", f"{SQLITE_FILE}-shm"):
            (data_dir / stale).unlink(missing_ok=True)
    restore_snapshot(work / _DATABASE[backend], url)
    keys = settings.keys_dir
    keys.mkdir(parents=True, exist_ok=True)
    for key in (work / "keys").iterdir():
        os.replace(key, keys / key.name)
    if not os.access(data_dir, os.W_OK):
        raise ConfigError(f"cannot write to {data_dir}")
    write_node_file(settings)  # last: the directory becomes a node once all is in place


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))
