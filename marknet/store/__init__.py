"""Storage: the Store protocol and its SQLite (default) and PostgreSQL backends."""

from __future__ import annotations

import re
from pathlib import Path

from marknet.errors import ConfigError
from marknet.store.listings import Listing, Scope
from marknet.store.protocol import ChainHead, RecordFilter, SealedEvent, Store, StoredRecord

__all__ = ["ChainHead", "Listing", "RecordFilter", "Scope", "SealedEvent", "Store", "StoredRecord",
           "open_store",
           "redact_url"]


def redact_url(url: str) -> str:
    """A database URL safe to print: the password replaced by ***."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def open_store(url: str, migrate: bool = True) -> Store:
    """Open a store by URL: ``sqlite:///path/to/file`` or ``postgresql://…``."""
    store: Store
    if url.startswith(("postgresql://", "postgres://")):
        from marknet.store.postgres import PostgresStore

        store = PostgresStore(url)
    elif url.startswith("sqlite:///"):
        from marknet.store.sqlite import SqliteStore

        path = url.removeprefix("sqlite:///")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        store = SqliteStore(path)
    else:
        raise ConfigError(f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql://…")
    if migrate:
        store.migrate()
    return store
