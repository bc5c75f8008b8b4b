"""The official publications bulletin of each office, and open-data downloads.

The bulletin is read from the register's events (new applications published, registrations,
renewals, expiries), by office and date. Open data is the public part of a register in a
standard format, written once per register head and served from a cache file.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse

from marknet.accounts.access import is_published
from marknet.api.v1.context import ApiContext, Ctx
from marknet.api.v1.paging import json_response
from marknet.api.v1.records import summary
from marknet.errors import InputError
from marknet.model.codelists import is_office_code
from marknet.store import RecordFilter, Store

router = APIRouter(tags=["publications"])

SECTIONS = {"applications": "published", "registrations": "registered",
            "renewals": "renewed", "expiries": "expired"}
FORMATS = {"jsonl": ("application/x-ndjson", "jsonl"), "csv": ("text/csv", "csv"),
           "st96": ("application/zip", "zip"), "st66": ("application/zip", "zip"),
           # Rospatent's ST.96 profile, one file per mark, as WIPO's Global Brand Database
           # ingests it (formats/st96_rupto.py).
           "st96-rupto": ("application/zip", "zip")}
# Rospatent publishes its trademarks and its appellations of origin as two CSV datasets: the
# "csv" download is the first, "csv-ao" the second (the node's GIs and AOs).
_AO = "csv-ao"
OfficeCode = Annotated[str, Query(min_length=2, max_length=2, pattern="^[A-Za-z]{2}$")]


def _office(value: str) -> str:
    code = value.upper()
    if not is_office_code(code):
        raise InputError(f"office must be an ST.3 office code, not {value!r}")
    return code


def bulletin_dates(store: Store, office: str, limit: int = 60) -> list[str]:
    days = store.event_dates(office, tuple(SECTIONS.values()), limit)
    return [day.isoformat() for day in days]


def bulletin(store: Store, office: str, day: dt.date, limit: int = 500) -> dict[str, Any]:
    """Each section's records on one day, as published (public data only)."""
    out: dict[str, Any] = {"office": office, "date": day.isoformat()}
    for section, event_type in SECTIONS.items():
        stored = store.get_records(store.records_with_event(office, event_type, day, limit))
        out[section] = [summary(s.data, s.register) for s in stored.values()
                        if is_published(s.data)]
        out[section].sort(key=lambda r: r["id"])
    return out


@router.get("/publications", summary="The bulletin of one office for one day")
def publications(request: Request, ctx: Ctx, office: OfficeCode,
                 date: dt.date | None = None) -> Response:
    code = _office(office)
    dates = bulletin_dates(ctx.store, code)
    day = date or (dt.date.fromisoformat(dates[0]) if dates else ctx.today())
    return json_response(request, {**bulletin(ctx.store, code, day), "dates": dates},
                         private=False)


@router.get("/opendata", summary="The open-data downloads on offer")
def opendata(ctx: Ctx) -> dict[str, Any]:
    offices = sorted({h.register for h in ctx.store.heads()})
    return {"datasets": [
        *({"office": o, "format": f, "url": f"/api/v1/opendata/{o}.{f}"}
          for o in offices for f in FORMATS),
        *({"office": o, "format": _AO, "url": f"/api/v1/opendata/{o}-ao.csv"}
          for o in offices)]}


@router.get("/opendata/{office}-ao.csv", response_class=FileResponse,
            summary="One register's public GIs and appellations of origin, as Rospatent's "
                    "open-data CSV of appellations of origin")
def download_ao(ctx: Ctx, office: Annotated[str, PathParam(max_length=2)]) -> FileResponse:
    return _download(ctx, office, _AO, "text/csv", "ao.csv")


@router.get("/opendata/{office}.{fmt}", summary="One register's public records in a format "
            "(csv: its trademarks)", response_class=FileResponse)
def download(ctx: Ctx, office: Annotated[str, PathParam(max_length=2)],
             fmt: Literal["jsonl", "csv", "st96", "st66", "st96-rupto"]) -> FileResponse:
    media, ext = FORMATS[fmt]
    return _download(ctx, office, fmt, media, ext)


def _download(ctx: ApiContext, office: str, fmt: str, media: str, ext: str) -> FileResponse:
    code = _office(office)
    head = ctx.store.head(code)
    folder = ctx.node.settings.data_dir / "opendata"
    # The AO file states each right's status as of today: it is rewritten every day.
    today = ctx.procedures.today()
    day = f"-{today.isoformat()}" if fmt == _AO else ""
    target = folder / f"{code}-{head.seq}{day}-{fmt}.{ext}"
    if not target.exists():
        _write(ctx.store, code, fmt, folder, target, today)
    return FileResponse(target, media_type=media, filename=f"marknet-{code}.{ext}")


def _ao_header(path: Path) -> Path:
    from marknet.formats.csv_rospatent import AO_COLUMNS

    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerow(AO_COLUMNS)
    return path


def _write(store: Store, office: str, fmt: str, folder: Path, target: Path,
           today: dt.date) -> None:
    from marknet.formats import write_csv, write_st66, write_st96, write_st96_rupto

    folder.mkdir(parents=True, exist_ok=True)
    records = (r.data for r in store.iter_records(RecordFilter(register=office))
               if is_published(r.data))
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        work = Path(tmp)
        if fmt == "jsonl":
            out = work / "out"
            with out.open("wb") as handle:
                for data in records:
                    handle.write(orjson.dumps(data) + b"\n")
        elif fmt in ("csv", _AO):
            written = write_csv(records, work / "out.csv", today)
            # Without a GI in the register the second file is not written: the header alone.
            out = written[0] if fmt == "csv" else (
                written[1] if len(written) > 1 else _ao_header(work / "ao.csv"))
        else:
            if fmt == "st96-rupto":
                paths = write_st96_rupto(records, work / "xml").paths
            else:
                paths = (write_st96 if fmt == "st96" else write_st66)(records, work / "xml")
            out = work / "out.zip"
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in paths:
                    archive.write(path, path.name)
        shutil.move(str(out), target)
    for stale in folder.glob(f"{office}-*-{fmt}.*"):
        if stale != target:
            stale.unlink(missing_ok=True)
