"""Rospatent open-data CSV: the trademark register and the appellation-of-origin register.

Column names follow the English headers of Rospatent's open-data sets as DESIGN.md §6 lists
them [check against a current download]; the three ``marknet …`` columns are ours, because
the open data carry neither the sign's text nor its classes. UTF-8 (a BOM is fine), ``;`` or
``,`` separated, dates ``DD.MM.YYYY`` or ISO. The column sets are in the formats README.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from marknet.formats.errors import FormatError
from marknet.formats.items import ImportItem
from marknet.formats.records import (
    RecordError,
    as_mapping,
    build_item,
    compact,
    date_or_none,
    nice_number,
)
from marknet.model import Record
from marknet.model.gi import certificate_status
from marknet.model.particulars import DATE_PARTICULARS

# The trademark dataset's columns as Rospatent publishes them (structure of 2018-08-28), in
# order, then our three; headers are matched case-insensitively on read.
TRADEMARK_COLUMNS = (
    "registration number", "registration date", "application number", "application date",
    "priority date", "exhibition priority date", "paris convention priority number",
    "paris convention priority date", "paris convention priority country code",
    "initial application number", "initial application priority date",
    "initial registration number", "initial registration date",
    "international registration number", "international registration date",
    "international registration priority date", "international registration entry date",
    "application number for recognition of trademark from Crimea",
    "application date for recognition of trademark from Crimea",
    "Crimean trademark application number for state registration in Ukraine",
    "Crimean trademark application date for state registration in Ukraine",
    "Crimean trademark certificate number in Ukraine",
    "exclusive rights transfer agreement registration number",
    "exclusive rights transfer agreement registration date",
    "legally related applications", "legally related registrations", "expiration date",
    "right holder name", "foreign right holder name", "right holder address",
    "right holder country code", "right holder ogrn", "right holder inn",
    "correspondence address", "collective", "collective users",
    "extraction from charter of the collective trademark", "color specification",
    "unprotected elements", "kind specification",
    "threedimensional", "threedimensional specification", "holographic",
    "holographic specification", "sound", "sound specification", "olfactory",
    "olfactory specification", "color", "color trademark specification", "light",
    "light specification", "changing", "changing specification", "positional",
    "positional specification", "actual", "publication URL",
    "marknet mark text", "marknet nice classes", "marknet office",
)
# Columns kept as register particulars (model/particulars.py), by the particular's name.
PARTICULAR_COLUMNS: dict[str, str] = {
    "exhibition priority date": "exhibition_priority_date",
    "initial application number": "initial_application_number",
    "initial application priority date": "initial_application_priority_date",
    "initial registration number": "initial_registration_number",
    "initial registration date": "initial_registration_date",
    "international registration number": "international_registration_number",
    "international registration date": "international_registration_date",
    "international registration priority date": "international_registration_priority_date",
    "international registration entry date": "international_registration_entry_date",
    "application number for recognition of trademark from crimea":
        "crimea_recognition_application_number",
    "application date for recognition of trademark from crimea":
        "crimea_recognition_application_date",
    "crimean trademark application number for state registration in ukraine":
        "crimea_ukraine_application_number",
    "crimean trademark application date for state registration in ukraine":
        "crimea_ukraine_application_date",
    "crimean trademark certificate number in ukraine": "crimea_ukraine_certificate_number",
    "exclusive rights transfer agreement registration number":
        "transfer_agreement_registration_number",
    "exclusive rights transfer agreement registration date":
        "transfer_agreement_registration_date",
    "legally related applications": "related_applications",
    "legally related registrations": "related_registrations",
    "foreign right holder name": "foreign_holder_name",
    "correspondence address": "correspondence_address",
    "collective users": "collective_users",
    "extraction from charter of the collective trademark": "collective_charter_extract",
    "color specification": "colour_specification",
    "kind specification": "kind_specification",
    "threedimensional specification": "threedimensional_specification",
    "holographic specification": "holographic_specification",
    "sound specification": "sound_specification",
    "olfactory specification": "olfactory_specification",
    "color trademark specification": "colour_mark_specification",
    "light specification": "light_specification",
    "changing specification": "changing_specification",
    "positional specification": "positional_specification",
    "publication url": "publication_url",
}
AO_COLUMNS = (
    "registration number", "registration date", "application number", "application date",
    "appellation of origin name", "product name", "nice class", "place of origin",
    "product properties", "right holder name", "right holder address",
    "right holder country code", "actual", "publication url", "marknet office",
    # One row per producer's right (marknet's additions): the certificate and its holder.
    "certificate number", "certificate filing date", "certificate registration date",
    "certificate expiry date", "certificate status", "right holder inn", "right holder ogrn",
)
# Kind flags of the open data → ST.96 feature categories.
FLAG_FEATURES = (("threedimensional", "Three dimensional"), ("holographic", "Hologram"),
                 ("sound", "Sound"), ("olfactory", "Olfactory"), ("color", "Colour"),
                 ("changing", "Motion"), ("positional", "Position"), ("light", "Other"))
_TRUE = frozenset({"1", "true", "yes", "y", "да", "+", "t"})


def read_csv(path: Path, office: str | None = None) -> Iterator[ImportItem]:
    """Stream the rows of a trademark or AO open-data CSV as ImportItems."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        head = handle.readline()
        delimiter = ";" if head.count(";") > head.count(",") else ","
        header = [h.strip().casefold() for h in next(csv.reader([head], delimiter=delimiter))]
        if "application number" not in header:
            raise FormatError(f"{path.name}: line 1: no 'application number' column; "
                              "not a Rospatent open-data CSV", file=str(path))
        reader = csv.reader(handle, delimiter=delimiter)
        rows = _rows(path, reader, header)
        if "appellation of origin name" in header:
            rows = _by_appellation(rows)
        build: Callable[[Any, str], dict[str, Any]] = (
            _ao if "appellation of origin name" in header else _trademark)
        try:
            for position, values in rows:
                if isinstance(values, str):
                    yield ImportItem(position, None, values)
                    continue
                yield build_item(position, partial(build, values, office or "RU"))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise FormatError(f"{path.name}: line {reader.line_num + 1}: {exc}",
                              file=str(path)) from None


Values = dict[str, str] | list[dict[str, str]]


def _rows(path: Path, reader: Any, header: list[str]) -> Iterator[tuple[str, Values | str]]:
    """(position, the row's values by column), or the reason a row cannot be read."""
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        position = f"{path.name}:line {reader.line_num + 1}"
        if len(row) > len(header):  # a stray separator: the cells no longer line up
            yield position, f"{len(row)} cells, but the header names {len(header)} columns"
            continue
        yield position, {k: v.strip() for k, v in zip(header, row, strict=False) if v.strip()}


def _by_appellation(rows: Iterator[tuple[str, Values | str]]
                    ) -> Iterator[tuple[str, Values | str]]:
    """Consecutive rows of one appellation (one per producer's right) as one item."""
    group: list[dict[str, str]] = []
    start = ""
    for position, values in rows:
        if isinstance(values, dict) and group and _same_appellation(group[0], values):
            group.append(values)
            continue
        if group:
            yield start, group
            group = []
        if isinstance(values, dict):
            start, group = position, [values]
        else:
            yield position, values
    if group:
        yield start, group


def _same_appellation(a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    keys = ("marknet office", "application number", "application date")
    return all(a.get(k) == b.get(k) for k in keys) and bool(a.get("certificate number"))


def _flag(values: Mapping[str, str], key: str) -> bool:
    return values.get(key, "").casefold() in _TRUE


def _trademark(values: Mapping[str, str], office: str) -> dict[str, Any]:
    text = values.get("marknet mark text")
    feature = next((f for key, f in FLAG_FEATURES if _flag(values, key)), None)
    status = "registered" if _flag(values, "actual") else "expired"
    if "actual" not in values and not values.get("registration number"):
        status = "filed"
    return compact({
        "record_type": "trademark",
        "office": values.get("marknet office") or office,
        "application_number": values.get("application number"),
        "filing_date": date_or_none(values.get("application date"), "application date"),
        "status": status,
        "kind": "collective" if _flag(values, "collective") else "individual",
        "feature": feature or ("Word" if text else "Figurative"),
        "verbal_elements": [{"text": text}] if text else [],
        "goods_services": [{"nice_class": c} for c in _classes(values)],
        "priorities": _priority(values),
        "disclaimers": [values["unprotected elements"]]
        if values.get("unprotected elements") else [],
        "parties": _holder(values),
        "registration_number": values.get("registration number"),
        "registration_date": date_or_none(values.get("registration date"), "registration date"),
        "expiry_date": date_or_none(values.get("expiration date"), "expiration date"),
        "particulars": _particulars(values),
    })


def _particulars(values: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for column, name in PARTICULAR_COLUMNS.items():
        if value := values.get(column):
            out[name] = (date_or_none(value, column) or "") if name in DATE_PARTICULARS else value
    if stated := date_or_none(values.get("priority date"), "priority date"):
        claimed = [p["date"] for p in _priority(values)]
        filed = date_or_none(values.get("application date"), "application date") or stated
        if stated != min([*claimed, filed]):  # kept only when it says more than the claims
            out["priority_date"] = stated
    return out


def _classes(values: Mapping[str, str]) -> list[int]:
    out: list[int] = []
    for part in values.get("marknet nice classes", "").replace(";", ",").split(","):
        if part.strip():
            out.append(nice_number(part, "marknet nice classes"))
    return out


def _priority(values: Mapping[str, str]) -> list[dict[str, Any]]:
    number = values.get("paris convention priority number")
    if not number:
        return []
    return [{"kind": "paris", "number": number,
             "country": values.get("paris convention priority country code"),
             "date": date_or_none(values.get("paris convention priority date"),
                                  "paris convention priority date")}]


def _holder(values: Mapping[str, str]) -> list[dict[str, Any]]:
    name = values.get("right holder name")
    if not name:
        return []
    identifiers = {scheme.upper(): values[f"right holder {scheme}"] for scheme in ("ogrn", "inn")
                   if values.get(f"right holder {scheme}")}
    return [compact({"name": name, "role": "holder",
                     "country": values.get("right holder country code"),
                     "address": values.get("right holder address"),
                     "identifiers": identifiers})]


def _ao(rows: Values, office: str) -> dict[str, Any]:
    values = rows[0] if isinstance(rows, list) else rows
    nice = values.get("nice class")
    if nice and not nice.isdigit():
        raise RecordError(f"nice class: unknown Nice class {nice!r}")
    registered = bool(values.get("registration number"))
    rights = [_certificate(r) for r in (rows if isinstance(rows, list) else [rows])
              if r.get("certificate number")]
    return compact({
        "record_type": "gi", "kind": "ao",
        "office": values.get("marknet office") or office,
        "application_number": values.get("application number"),
        "filing_date": date_or_none(values.get("application date"), "application date"),
        "status": ("registered" if _flag(values, "actual") else "expired") if registered
        else "filed",
        "names": [{"text": values["appellation of origin name"], "language": "ru"}]
        if values.get("appellation of origin name") else [],
        "product": values.get("product name"),
        "nice_class": int(nice) if nice else None,
        "area": values.get("place of origin"),
        "properties": values.get("product properties"),
        "parties": [] if rights else _holder(values),
        "certificates": rights,
        "registration_number": values.get("registration number"),
        "registration_date": date_or_none(values.get("registration date"), "registration date"),
    })


def _certificate(values: Mapping[str, str]) -> dict[str, Any]:
    holder = _holder(values)
    status = values.get("certificate status", "valid")
    return compact({
        "number": values["certificate number"],
        "producer": {**holder[0], "role": "producer"} if holder else None,
        "filing_date": date_or_none(values.get("certificate filing date"),
                                    "certificate filing date")
        or date_or_none(values.get("certificate registration date"),
                        "certificate registration date"),
        "registration_date": date_or_none(values.get("certificate registration date"),
                                          "certificate registration date"),
        "expiry_date": date_or_none(values.get("certificate expiry date"),
                                    "certificate expiry date"),
        # An expired right is "expired" in the file only as of the day it was written.
        "status": "valid" if status == "expired" else status,
    })


# --- writing -------------------------------------------------------------------------------


def write_csv(records: Iterable[Record | Mapping[str, Any]], path: Path,
              today: dt.date | None = None) -> list[Path]:
    """Trademarks to ``path``; GIs, if any, to ``<stem>-ao<suffix>`` next to it, one row per
    producer's right with its status as of ``today``."""
    today = today or dt.date.today()
    gi_path = path.with_name(f"{path.stem}-ao{path.suffix or '.csv'}")
    written: list[Path] = [path]
    with path.open("w", encoding="utf-8", newline="") as marks:
        mark_writer = csv.writer(marks, delimiter=";")
        mark_writer.writerow(TRADEMARK_COLUMNS)
        gi_writer: Any = None
        gi_handle: io.TextIOWrapper | None = None
        try:
            for record in records:
                data = as_mapping(record)
                if data.get("record_type") != "gi":
                    mark_writer.writerow(_trademark_row(data))
                    continue
                if gi_writer is None:
                    gi_handle = gi_path.open("w", encoding="utf-8", newline="")
                    gi_writer = csv.writer(gi_handle, delimiter=";")
                    gi_writer.writerow(AO_COLUMNS)
                    written.append(gi_path)
                gi_writer.writerows(_ao_rows(data, today))
        finally:
            if gi_handle is not None:
                gi_handle.close()
    return written


def _holder_of(data: Mapping[str, Any]) -> Mapping[str, Any]:
    parties = data.get("parties") or []
    return next((p for p in parties if p.get("role") == "holder"), parties[0] if parties else {})


def _trademark_row(data: Mapping[str, Any]) -> list[str]:
    holder = _holder_of(data)
    particulars: Mapping[str, str] = data.get("particulars") or {}
    priority: Mapping[str, Any] = next(
        (p for p in data.get("priorities") or [] if p.get("kind") == "paris"), {})
    exhibition: Mapping[str, Any] = next(
        (p for p in data.get("priorities") or [] if p.get("kind") == "exhibition"), {})
    feature = data.get("feature", "Word")
    values = {
        **{column.casefold(): "1" if feature == f else "" for column, f in FLAG_FEATURES},
        **{column: particulars.get(name) for column, name in PARTICULAR_COLUMNS.items()},
        "registration number": data.get("registration_number"),
        "registration date": data.get("registration_date"),
        "application number": data["application_number"],
        "application date": data["filing_date"],
        "priority date": particulars.get("priority_date") or min(
            [p["date"] for p in data.get("priorities") or []] + [data["filing_date"]]),
        "exhibition priority date": particulars.get("exhibition_priority_date")
        or exhibition.get("date"),
        "paris convention priority number": priority.get("number"),
        "paris convention priority date": priority.get("date"),
        "paris convention priority country code": priority.get("country"),
        "expiration date": data.get("expiry_date"),
        **_holder_values(holder),
        "right holder ogrn": (holder.get("identifiers") or {}).get("OGRN"),
        "right holder inn": (holder.get("identifiers") or {}).get("INN"),
        "collective": "1" if data.get("kind") == "collective" else "0",
        "unprotected elements": "; ".join(data.get("disclaimers") or []),
        "actual": "1" if data.get("status") == "registered" else "0",
        "marknet mark text": (data.get("verbal_elements") or [{}])[0].get("text"),
        "marknet nice classes": ",".join(str(g["nice_class"])
                                         for g in data.get("goods_services") or []),
        "marknet office": data["office"],
    }
    return [str(values.get(c.casefold()) or "") for c in TRADEMARK_COLUMNS]


def _holder_values(holder: Mapping[str, Any]) -> dict[str, Any]:
    return {"right holder name": holder.get("name"),
            "right holder address": holder.get("address"),
            "right holder country code": holder.get("country")}


def _ao_rows(data: Mapping[str, Any], today: dt.date) -> list[list[str]]:
    """One row per producer's right, its status as of ``today``; one row for a GI or AO that
    has none (its applicant as the holder)."""
    values = {
        "registration number": data.get("registration_number"),
        "registration date": data.get("registration_date"),
        "application number": data["application_number"],
        "application date": data["filing_date"],
        "appellation of origin name": (data.get("names") or [{}])[0].get("text"),
        "product name": data.get("product"), "nice class": data.get("nice_class"),
        "place of origin": data.get("area"), "product properties": data.get("properties"),
        "actual": "1" if data.get("status") == "registered" else "0",
        "marknet office": data["office"],
    }
    rights = data.get("certificates") or []
    if not rights:
        return [_row(values, _holder_of(data))]
    return [_row({**values, "certificate number": c["number"],
                  "certificate filing date": c.get("filing_date"),
                  "certificate registration date": c.get("registration_date"),
                  "certificate expiry date": c.get("expiry_date"),
                  "certificate status": certificate_status(
                      c.get("status", "valid"), c.get("expiry_date"), today).value},
                 c.get("producer") or {}) for c in rights]


def _row(values: Mapping[str, Any], holder: Mapping[str, Any]) -> list[str]:
    ids = holder.get("identifiers") or {}
    out = {**values, **_holder_values(holder), "right holder inn": ids.get("INN"),
           "right holder ogrn": ids.get("OGRN")}
    return [str(out.get(c) or "") for c in AO_COLUMNS]
