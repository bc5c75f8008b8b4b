"""A node: its settings, store, register and keys, opened together for the CLI and the server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marknet.errors import ConfigError
from marknet.exchange.keys import KeyRing
from marknet.register import Register
from marknet.settings import NODE_FILE, Settings, load_settings, write_node_file
from marknet.store import Store, open_store


@dataclass
class Node:
    settings: Settings
    store: Store
    register: Register

    @property
    def office(self) -> str:
        return self.settings.office

    @property
    def keys(self) -> KeyRing:
        return KeyRing(self.settings.keys_dir)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Node:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_node(data_dir: Path | str | None, database_url: str | None = None) -> Node:
    """Open an initialised node; a directory without marknet.json is refused, not created."""
    settings = load_settings(data_dir, database_url=database_url)
    if not (settings.data_dir / NODE_FILE).exists():
        raise ConfigError(f"{settings.data_dir} is not a marknet node: run "
                          f"marknet init --data-dir {settings.data_dir} --office RU")
    store = open_store(settings.store_url)
    return Node(settings, store, Register(store, settings.office))


def init_node(data_dir: Path | str, office: str, database_url: str | None = None) -> Node:
    """Create (or re-open, idempotently) a node: directory, settings file, database, key."""
    settings = load_settings(data_dir, office=office, database_url=database_url)
    existing = settings.data_dir / NODE_FILE
    if existing.exists():
        current = load_settings(data_dir)
        if current.office != settings.office:
            raise ConfigError(f"{settings.data_dir} is already the {current.office} node")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    write_node_file(settings)
    store = open_store(settings.store_url)
    store.set_meta("office", settings.office)
    ring = KeyRing(settings.keys_dir)
    if not (settings.keys_dir / "active").exists():
        ring.create()
    return Node(settings, store, Register(store, settings.office))
