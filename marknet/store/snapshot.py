"""Consistent copies of a node's database while it runs, and their restoring.

SQLite: the online backup API copies a consistent snapshot page by page while writers go on
(a WAL database is read as of one transaction). PostgreSQL: ``pg_dump`` in its custom format
(one consistent snapshot) and ``pg_restore``; both programs must be on the PATH.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from marknet.errors import ConfigError, StoreError

_PAGES_PER_STEP = 4096  # lets writers in between steps of a large copy


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def snapshot(url: str, target: Path) -> None:
    """Write a consistent copy of the database at *url* to *target*."""
    if is_postgres(url):
        _run("pg_dump", "--format=custom", "--no-owner", *_schema_options(url),
             f"--file={target}", _plain_url(url))
        return
    source = sqlite3.connect(f"file:{sqlite_path(url)}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=_PAGES_PER_STEP)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot snapshot {sqlite_path(url)}: {exc}") from exc
    finally:
        copy.close()
        source.close()


def restore_snapshot(copy: Path, url: str) -> None:
    """Load a snapshot made by ``snapshot`` into the (new, empty) database at *url*."""
    if is_postgres(url):
        _run("pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
             f"--dbname={_plain_url(url)}", str(copy))
        return
    target = sqlite_path(url)
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(copy, partial)
    check = sqlite3.connect(partial)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if ok != "ok":
        partial.unlink()
        raise StoreError(f"the backup's database is damaged: {ok}")
    partial.replace(target)  # atomic: the node sees no database or the whole one


def _schema_options(url: str) -> list[str]:
    """``--schema`` for a URL whose options pin a search_path (one schema per node)."""
    options = parse_qs(urlsplit(url).query).get("options", [])
    schemas = [o.split("=", 1)[1] for opt in options for o in opt.split()
               if o.startswith("-csearch_path=")]
    return [f"--schema={s}" for s in schemas]


def _plain_url(url: str) -> str:
    """The URL without its options: pg_dump and pg_restore take the schema as an argument."""
    parts = urlsplit(url)
    kept = [(k, v) for k, values in parse_qs(parts.query).items() if k != "options"
            for v in values]
    return parts._replace(query=urlencode(kept)).geturl()


def _run(program: str, *args: str) -> None:
    if shutil.which(program) is None:
        raise ConfigError(f"{program} is not installed: PostgreSQL backups need the "
                          "PostgreSQL client programs (apt-get install postgresql-client)")
    done = subprocess.run([program, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise StoreError(f"{program}: {last}")
