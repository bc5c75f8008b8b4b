"""marknet backup and restore: a consistent snapshot taken while the node is written to,
restored into a new directory and verified; bad backups and targets refused untouched."""

from __future__ import annotations

import io
import json
import os
import tarfile
import threading
import uuid
from pathlib import Path

import pytest

from marknet.formats.items import ImportItem
from marknet.node import open_node
from marknet.sample.generator import generate_records
from tests.cli.runner import cli, refused
from tests.conftest import pg_url

LUKOIL = {"office": "RU", "application_number": "2020740504", "filing_date": "2020-11-23",
          "text": "ЛУКОЙЛ", "nice_classes": [4, 35], "status": "registered"}


def _node(base: Path, database_url: str | None = None) -> Path:
    data_dir = base / "ru"
    extra = ("--database-url", database_url) if database_url else ()
    assert cli("init", "--data-dir", str(data_dir), "--office", "RU", *extra).code == 0
    source = base / "seed.jsonl"
    source.write_text(json.dumps(LUKOIL, ensure_ascii=False) + "\n", encoding="utf-8")
    assert cli("import", str(source), "--data-dir", str(data_dir)).code == 0
    return data_dir


def _write_while(data_dir: Path, records: int) -> threading.Thread:
    def run() -> None:
        with open_node(data_dir) as node:
            items = (ImportItem(f"gen:{i}", data)
                     for i, data in enumerate(generate_records(records, 7, "RU"), 1))
            node.register.import_items(items, actor="writer", batch_size=100)
    writer = threading.Thread(target=run)
    writer.start()
    return writer


def test_a_backup_taken_during_writes_restores_and_verifies(tmp_path: Path) -> None:
    data_dir = _node(tmp_path)
    archive = tmp_path / "ru.tar.gz"
    writer = _write_while(data_dir, 3000)
    made = cli("backup", "--data-dir", str(data_dir), "--out", str(archive), "--json").json()
    writer.join()
    assert made["backend"] == "sqlite"
    assert archive.stat().st_mode & 0o077 == 0  # it holds the signing keys
    restored = cli("restore", str(archive), "--data-dir", str(tmp_path / "copy"),
                   "--json").json()
    assert restored["verify"]["ok"] is True
    assert cli("verify", "--data-dir", str(tmp_path / "copy")).code == 0
    shown = cli("show", "RU502020000740504", "--data-dir", str(tmp_path / "copy"), "--json")
    assert shown.json()["record"]["verbal_elements"][0]["text"] == "ЛУКОЙЛ"
    keys = cli("keys", "show", "--data-dir", str(tmp_path / "copy"), "--json").json()
    assert keys == cli("keys", "show", "--data-dir", str(data_dir), "--json").json()
    copied = restored["verify"]["registers"]["RU"]["events"]
    assert made["heads_before"]["RU"]["seq"] <= copied <= 3001


def test_backup_refuses_to_overwrite_and_restore_refuses_a_node(tmp_path: Path) -> None:
    data_dir = _node(tmp_path)
    archive = tmp_path / "ru.tar.gz"
    archive.write_bytes(b"earlier")
    refused(cli("backup", "--data-dir", str(data_dir), "--out", str(archive)), 2, "--force")
    assert archive.read_bytes() == b"earlier"
    assert cli("backup", "--data-dir", str(data_dir), "--out", str(archive), "--force").code == 0
    refused(cli("restore", str(archive), "--data-dir", str(data_dir)), 2,
            "is already a marknet node")


@pytest.mark.parametrize("damage", ["not-a-tar", "truncated", "no-manifest", "other-backend"])
def test_bad_backups_are_refused_and_nothing_is_written(tmp_path: Path, damage: str) -> None:
    data_dir = _node(tmp_path)
    archive = tmp_path / "ru.tar.gz"
    assert cli("backup", "--data-dir", str(data_dir), "--out", str(archive)).code == 0
    bad = tmp_path / "bad.tar.gz"
    if damage == "not-a-tar":
        bad.write_bytes(os.urandom(4096))
    elif damage == "truncated":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    else:
        with tarfile.open(archive) as source, tarfile.open(bad, "w:gz") as target:
            for member in source.getmembers():
                if member.name == "marknet-backup.json":
                    if damage == "no-manifest":
                        continue
                    manifest = json.loads(source.extractfile(member).read())  # type: ignore[union-attr]
                    manifest["backend"] = "postgresql"
                    data = json.dumps(manifest).encode()
                    member.size = len(data)
                    target.addfile(member, io.BytesIO(data))
                    continue
                target.addfile(member, source.extractfile(member))
    target_dir = tmp_path / "copy"
    line = refused(cli("restore", str(bad), "--data-dir", str(target_dir)), 2, "bad.tar.gz")
    assert line.startswith("error: ")
    assert not (target_dir / "marknet.json").exists()


@pytest.mark.postgres
def test_a_postgresql_node_backs_up_with_pg_dump_and_restores(tmp_path: Path,
                                                              pg_store_url: str) -> None:
    import psycopg

    data_dir = _node(tmp_path, pg_store_url)
    archive = tmp_path / "ru.tar.gz"
    made = cli("backup", "--data-dir", str(data_dir), "--out", str(archive), "--json").json()
    assert made["backend"] == "postgresql"
    base = pg_url()
    assert base is not None
    database = f"restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {database}")
    try:
        target = pg_store_url.replace(base, f"{base.rsplit('/', 1)[0]}/{database}", 1)
        restored = cli("restore", str(archive), "--data-dir", str(tmp_path / "copy"),
                       "--database-url", target, "--json").json()
        assert restored["verify"]["ok"] is True
        assert cli("verify", "--data-dir", str(tmp_path / "copy")).code == 0
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {database} WITH (FORCE)")
