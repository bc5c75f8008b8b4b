"""Node commands: init, import, show, export, verify, keys, stats."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from marknet.cli.common import (
    DatabaseUrl,
    DataDir,
    Force,
    JsonFlag,
    console,
    interactive,
    print_json,
    refuse_overwrite,
)
from marknet.cli.progress import Advance, count_lines, progress
from marknet.errors import InputError
from marknet.formats import (
    FORMATS,
    ST96_PROFILES,
    WRITE_FORMATS,
    read_items,
    write_csv,
    write_jsonl,
    write_st66,
    write_st96,
    write_st96_rupto,
)
from marknet.images.export import ImageWriter
from marknet.images.ingest import ImageSource, attach_images, unpacked_zip
from marknet.images.store import ImageStore
from marknet.node import Node, init_node, open_node
from marknet.register import ImportItem, ImportReport
from marknet.store import RecordFilter, redact_url

keys_app = typer.Typer(no_args_is_help=True, help="The node's signing keys.")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("import")(import_)
    app.command("show")(show)
    app.command("export")(export)
    app.command("verify")(verify)
    app.command("stats")(stats)
    app.add_typer(keys_app, name="keys")


def init(data_dir: DataDir = None,
         office: Annotated[str, typer.Option(help="ST.3 code of the office: RU, BY, KZ…")] = "RU",
         database_url: DatabaseUrl = None, json: JsonFlag = False) -> None:
    """Create a node: settings, database (migrated) and an Ed25519 signing key."""
    if data_dir is None:
        raise InputError("--data-dir (or MARKNET_DATA_DIR) is required")
    with init_node(data_dir, office, database_url) as node:
        key = node.keys.active()
        info = {"data_dir": str(node.settings.data_dir), "office": node.office,
                "database": redact_url(node.store.url),
                "schema_version": node.store.schema_version(),
                "key_id": key.key_id, "public_key": key.public_b64, "fingerprint": key.fingerprint}
    if json:
        print_json(info)
    else:
        console.print(f"node {info['office']} ready in {info['data_dir']}")
        console.print(f"database {info['database']} (schema v{info['schema_version']})")
        console.print(f"signing key {info['key_id']}  fingerprint {info['fingerprint']}")


def import_(files: Annotated[list[Path], typer.Argument(help="Files to import.")],
            data_dir: DataDir = None, database_url: DatabaseUrl = None,
            format: Annotated[str, typer.Option("--format", help="auto, jsonl, st96, st66, csv…")]
            = "auto",
            allow_foreign: Annotated[bool, typer.Option(
                help="Accept other offices' records as reference data in their own register.")]
            = False,
            images: Annotated[Path | None, typer.Option(
                "--images", help="Folder holding every image the records name (a zip's own "
                "folder is used for a zip)")] = None,
            json: JsonFlag = False) -> None:
    """Import records; bad records are reported by position and reason, good ones all land.

    A ``.zip`` (records with their image files, as offices publish them) is unpacked to a
    temporary folder and each record file in it imported.
    """
    for path in files:
        if not path.is_file():
            raise InputError(f"no such file: {path}")
    if images is not None and not images.is_dir():
        raise InputError(f"--images: no such folder: {images}")
    with open_node(data_dir, database_url) as node:
        total = ImportReport()
        for path, folder in _sources(files, images):
            report = _import_file(node, path, format, allow_foreign, folder)
            total.read += report.read
            total.imported += report.imported
            total.unchanged += report.unchanged
            total.rejected += report.rejected
            total.stopped = total.stopped or report.stopped
    if json:
        print_json(total.to_dict())
    else:
        console.print(f"read {total.read}, imported {total.imported}, unchanged "
                      f"{total.unchanged}, rejected {len(total.rejected)}")
        if total.stopped:
            console.print(f"stopped: {total.stopped}; the {total.imported} records read "
                          "before the break are imported", markup=False)
        for rejection in total.rejected[:50]:
            console.print(f"  {rejection.position}: {rejection.reason}", markup=False)
        if len(total.rejected) > 50:
            console.print(f"  … and {len(total.rejected) - 50} more (use --json for all)")
    if total.rejected or total.stopped:
        raise typer.Exit(1 if total.imported or total.unchanged else 2)


def _sources(files: list[Path], images: Path | None) -> Iterator[tuple[Path, Path | None]]:
    """Each record file with the folder that must hold its images (a zip's is its own)."""
    for path in files:
        if zipfile.is_zipfile(path):
            with unpacked_zip(path) as (folder, members):
                for member in members:
                    yield member, folder
        else:
            yield path, images


def _import_file(node: Node, path: Path, fmt: str, allow_foreign: bool,
                 images: Path | None = None) -> ImportReport:
    source = ImageSource(path.parent, images, node.settings.data_dir / "images")
    items = attach_images(_read(path, fmt), source)
    run = partial(node.register.import_items, items, actor=f"import:{path.name}",
                  allow_foreign=allow_foreign, batch_size=node.settings.import_batch_size,
                  workers=node.settings.import_workers)
    total = count_lines(path) if interactive() else None
    with progress(f"importing {path.name}", total) as advance:
        return run(progress=advance)


def _read(path: Path, fmt: str) -> Iterator[ImportItem]:
    if fmt not in ("auto", *FORMATS):
        raise InputError(f"unknown format {fmt!r}: use auto or one of {', '.join(FORMATS)}")
    return read_items(path, fmt)


def show(record_id: Annotated[str, typer.Argument(help="ST.13 id, e.g. RU502020000740504")],
         data_dir: DataDir = None, database_url: DatabaseUrl = None,
         json: JsonFlag = False) -> None:
    """One record with its full event history."""
    with open_node(data_dir, database_url) as node:
        stored = node.register.get_stored(record_id.strip().upper())
        events = node.register.history(stored.id)
    history = [{"seq": e.seq, "register": e.register, "type": e.type.value,
                "effective_date": e.effective_date.isoformat(),
                "recorded_at": e.recorded_at.isoformat(), "actor": e.actor,
                "payload": {k: v for k, v in e.payload.items() if k != "record"},
                "hash": e.hash} for e in events]
    if json:
        print_json({"record": stored.data, "register": stored.register, "history": history})
        return
    data = stored.data
    texts = data.get("verbal_elements") or data.get("names") or [{"text": "(figurative)"}]
    console.print(f"[bold]{stored.id}[/bold]  {texts[0]['text']}", highlight=False)
    for key in ("office", "application_number", "filing_date", "status", "feature", "kind",
                "registration_number", "registration_date", "expiry_date", "product"):
        if key in data:
            console.print(f"  {key:20} {data[key]}", markup=False, highlight=False)
    classes = [g["nice_class"] for g in data.get("goods_services", [])]
    if classes:
        console.print(f"  {'nice_classes':20} {', '.join(map(str, classes))}", highlight=False)
    for name in data.get("names", [])[1:]:
        console.print(f"  {'also protected as':20} {name['text']} ({name.get('language', '?')})",
                      markup=False, highlight=False)
    for cert in data.get("certificates", []):
        console.print(f"  {'certificate ' + cert['number']:20} {cert['producer']['name']}, "
                      f"{cert['status']}, until {cert.get('expiry_date', '?')}",
                      markup=False, highlight=False)
    table = Table("seq", "date", "event", "actor", title="history")
    for entry in history:
        table.add_row(str(entry["seq"]), str(entry["effective_date"]), str(entry["type"]),
                      str(entry["actor"]))
    console.print(table)


def export(data_dir: DataDir = None, database_url: DatabaseUrl = None,
           format: Annotated[str, typer.Option("--format")] = "jsonl",
           out: Annotated[Path, typer.Option("--out", help="File (jsonl, csv) or directory (XML)")]
           = Path("export.jsonl"),
           since: Annotated[str | None, typer.Option(help="Only records filed on or after")]
           = None,
           office: Annotated[str | None, typer.Option(help="Only this office's records")] = None,
           per_file: Annotated[int, typer.Option(
               "--per-file", min=1, help="Records per XML file")] = 10_000,
           profile: Annotated[str, typer.Option(
               help="st96 only: v6 (WIPO's V6_0) or rupto (Rospatent's published profile, "
                    "one file per mark, as WIPO's Global Brand Database reads it)")] = "v6",
           force: Force = False, json: JsonFlag = False) -> None:
    """Export records: jsonl and csv to a file, st96 and st66 to a directory of XML files."""
    if format not in WRITE_FORMATS:
        raise InputError(f"unknown export format {format!r}: use {', '.join(WRITE_FORMATS)}")
    if profile not in ST96_PROFILES or (profile != "v6" and format != "st96"):
        raise InputError(f"unknown profile {profile!r} for {format}: st96 has "
                         f"{', '.join(ST96_PROFILES)}; other formats have none")
    refuse_overwrite(*_outputs(format, out), force=force)
    filed_since = _date_option("--since", since)
    left_out: dict[str, int] = {}
    with open_node(data_dir, database_url) as node:
        where = RecordFilter(office=office.upper() if office else None, filed_since=filed_since)
        total = sum(node.store.count_records(where).values()) if interactive() else None
        images = _image_writer(node, format, out)
        with progress(f"exporting {format}", total) as advance:
            records = (r.data for r in node.store.iter_records(where))
            counted = _Counter(images.records(records) if images else records, advance)
            if profile == "rupto":
                written = write_st96_rupto(counted, out)
                paths, left_out = written.paths, written.left_out
            else:
                paths = _write(counted, format, out, per_file)
        files = [str(p) for p in paths]
        count = counted.count - sum(left_out.values())
    image_files = images.written if images else 0
    if json:
        print_json({"format": format, "profile": profile, "records": count, "files": files,
                    "left_out": left_out, "images": image_files})
        return
    shown = files if len(files) <= 5 else [*files[:2], f"… {len(files)} files in {out}"]
    console.print(f"exported {count} records ({image_files} image files) to {', '.join(shown)}")
    for reason, number in left_out.items():
        console.print(f"left out {number} {reason}")


def _image_writer(node: Node, fmt: str, out: Path) -> ImageWriter | None:
    """Image files go beside XML documents, and into FILE-images/ beside JSON Lines."""
    store = ImageStore.in_data_dir(node.settings.data_dir)
    if fmt in ("st96", "st66"):
        return ImageWriter(store, out)
    if fmt == "jsonl":
        return ImageWriter(store, out.parent / f"{out.stem}-images", f"{out.stem}-images")
    return None


class _Counter:
    """Counts the mappings a writer pulls through it (writers return files, not counts)."""

    def __init__(self, source: Iterator[dict[str, Any]], advance: Advance | None) -> None:
        self.source = source
        self.advance = advance
        self.count = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for mapping in self.source:
            self.count += 1
            if self.advance is not None and self.count % 1000 == 0:
                self.advance(1000)
            yield mapping


def _outputs(fmt: str, out: Path) -> list[Path]:
    """What an export may write: the file (and the CSV's appellations file) or the folder."""
    if fmt == "csv":
        return [out, out.with_name(f"{out.stem}-ao{out.suffix or '.csv'}")]
    return [out]


def _write(mappings: _Counter, fmt: str, out: Path, per_file: int) -> list[Path]:
    if fmt == "jsonl":
        write_jsonl(mappings, out)
        return [out]
    if fmt == "csv":
        return write_csv(mappings, out)
    writer = write_st96 if fmt == "st96" else write_st66
    return writer(mappings, out, per_file)


def verify(data_dir: DataDir = None, database_url: DatabaseUrl = None,
           json: JsonFlag = False) -> None:
    """Walk every register's hash chain and re-project its records; report the first break."""
    with open_node(data_dir, database_url) as node:
        # Each event is checked twice: re-hashed in its chain, then re-projected.
        total = 2 * sum(h.seq for h in node.store.heads()) if interactive() else None
        with progress("verifying", total) as advance:
            report = node.register.verify(advance)
    if json:
        print_json(report.to_dict())
    elif report.ok:
        for register, info in report.registers.items():
            console.print(f"register {register}: {info['events']} events intact, "
                          f"head {info['head'][:16]}…")
    else:
        console.print(f"BROKEN: {report.first_break}", markup=False)
    if not report.ok:
        raise typer.Exit(3)


def stats(data_dir: DataDir = None, database_url: DatabaseUrl = None,
          json: JsonFlag = False) -> None:
    """Records per register and status, and each register's chain head."""
    with open_node(data_dir, database_url) as node:
        out: dict[str, dict[str, Any]] = {
            head.register: {"events": head.seq, "head": head.hash,
                            "records": node.store.count_records(
                                RecordFilter(register=head.register))}
            for head in node.store.heads()}
    if json:
        print_json(out)
        return
    for register, info in out.items():
        counts = ", ".join(f"{k} {v}" for k, v in info["records"].items())
        console.print(f"{register}: {info['events']} events; {counts}", highlight=False)


@keys_app.command("show")
def keys_show(data_dir: DataDir = None, json: JsonFlag = False) -> None:
    """The node's public keys (base64 of the raw 32 bytes) and fingerprints; active first."""
    from marknet.exchange.keys import KeyRing
    from marknet.settings import load_settings

    ring = KeyRing(load_settings(data_dir).keys_dir)
    active = ring.active()
    keys = [{"key_id": k.key_id, "algorithm": "Ed25519", "public_key": k.public_b64,
             "fingerprint": k.fingerprint, "active": k.key_id == active.key_id}
            for k in reversed(ring.all())]
    if json:
        print_json(keys)
        return
    for key in keys:
        flag = "active " if key["active"] else "retired"
        console.print(f"{flag} {key['key_id']}  {key['public_key']}  {key['fingerprint']}")


def _date_option(name: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from exc
