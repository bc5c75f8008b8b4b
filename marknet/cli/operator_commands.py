"""An operator's commands: backup and restore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from marknet.backup import backup, restore
from marknet.cli.common import (
    DatabaseUrl,
    DataDir,
    Force,
    JsonFlag,
    console,
    print_json,
    refuse_overwrite,
)
from marknet.errors import InputError
from marknet.node import open_node


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)


def backup_command(out: Annotated[Path, typer.Option(
                       "--out", help="The backup file to write (a .tar.gz).")],
                   data_dir: DataDir = None, database_url: DatabaseUrl = None,
                   force: Force = False, json: JsonFlag = False) -> None:
    """Back up a node while it runs: a consistent snapshot of its database (SQLite's backup
    API, or pg_dump), its settings and its signing keys, in one file readable only by you."""
    refuse_overwrite(out, force=force)
    with open_node(data_dir, database_url) as node:
        manifest = backup(node, out)
    info = {"out": str(out), **manifest}
    if json:
        print_json(info)
        return
    events = sum(h["seq"] for h in manifest["heads_before"].values())
    console.print(f"backed up the {manifest['office']} node ({manifest['backend']}, at least "
                  f"{events} events in {len(manifest['heads_before'])} registers) to {out}",
                  highlight=False)


def restore_command(archive: Annotated[Path, typer.Argument(help="A file from marknet backup.")],
                    data_dir: DataDir = None,
                    database_url: Annotated[str | None, typer.Option(
                        "--database-url", help="PostgreSQL backups: the new, empty database "
                        "to restore into.")] = None,
                    force: Annotated[bool, typer.Option(
                        "--force", help="Replace the node already in --data-dir.")] = False,
                    json: JsonFlag = False) -> None:
    """Restore a backup into a new data directory, then verify every register's chain
    (exit 3 if one is broken)."""
    if data_dir is None:
        raise InputError("--data-dir (or MARKNET_DATA_DIR) is required: where to restore")
    restored = restore(archive, data_dir, database_url, force)
    report = restored.verified
    info = {"data_dir": str(data_dir), "office": restored.manifest["office"],
            "backed_up_at": restored.manifest["created_at"], "verify": report.to_dict()}
    if json:
        print_json(info)
    elif report.ok:
        console.print(f"restored the {info['office']} node of {info['backed_up_at']} into "
                      f"{data_dir}; every chain verified", highlight=False)
        for register, head in report.registers.items():
            console.print(f"  register {register}: {head['events']} events intact",
                          highlight=False)
    else:
        console.print(f"restored into {data_dir}, but BROKEN: {report.first_break}",
                      markup=False)
    if not report.ok:
        raise typer.Exit(3)
