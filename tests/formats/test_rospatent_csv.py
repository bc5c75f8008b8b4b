"""Rospatent's open-data trademark dataset with every published column, and its hostile rows.

``golden/rospatent-tz-every-column.csv`` fills each of the dataset's columns in at least one
row, with headers in mixed case as downloads differ (``Registration Number``, ``ACTUAL``,
``publication URL``). Reading it and writing it back must keep every column.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from marknet.formats import read_items, write_csv
from marknet.formats.csv_rospatent import TRADEMARK_COLUMNS
from marknet.formats.dates import DateFormatError, parse_date
from marknet.model import Trademark, record_from_dict, record_to_dict

GOLDEN = Path(__file__).parent / "golden"
SOURCE = GOLDEN / "rospatent-tz-every-column.csv"
UPDATE = os.environ.get("MARKNET_UPDATE_GOLDEN") == "1"



def _published() -> tuple[str, ...]:
    """The golden file's header: the published structure (opendata 7730176088-tz, 2018-08-28)."""
    with SOURCE.open(encoding="utf-8-sig", newline="") as handle:
        return tuple(next(csv.reader(handle)))[:-3]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.readline()
        handle.seek(0)
        rows = list(csv.reader(handle, delimiter=";" if ";" in sample else ","))
    header = [h.casefold() for h in rows[0]]
    return [{h: v for h, v in zip(header, row, strict=True) if v} for row in rows[1:]]


def _iso(value: str) -> str | None:
    """DD.MM.YYYY comes back as YYYY-MM-DD."""
    try:
        return parse_date(value)
    except DateFormatError:
        return None


def _read(path: Path) -> list[Trademark]:
    items = list(read_items(path))
    assert [i.error for i in items if i.error] == []
    records = [record_from_dict(i.data or {}) for i in items]
    assert all(isinstance(r, Trademark) for r in records)
    return [r for r in records if isinstance(r, Trademark)]


def test_the_writer_speaks_the_published_header() -> None:
    published = _published()
    assert len(published) == 58
    assert "publication URL" in published  # header case varies between downloads
    assert "ACTUAL" in published
    assert tuple(c.casefold() for c in TRADEMARK_COLUMNS) == (
        *(c.casefold() for c in published), "marknet mark text", "marknet nice classes",
        "marknet office")


def test_every_column_is_read(tmp_path: Path) -> None:
    lukoil, crimea, *kinds = _read(SOURCE)
    assert (lukoil.text, lukoil.registration_number, lukoil.feature.value) == (
        "ЛУКОЙЛ", "812345", "Colour")
    assert lukoil.particulars == {
        "colour_mark_specification": "красный (Pantone 186 C) на белом фоне",
        "colour_specification": "красный, белый",
        "correspondence_address": "101000, Москва, Сретенский б-р, 11, патентный отдел",
        "exhibition_priority_date": "2020-10-01",
        "foreign_holder_name": 'PJSC "LUKOIL"',
        "initial_application_number": "2019712345",
        "initial_application_priority_date": "2019-03-14",
        "initial_registration_date": "2020-02-11",
        "initial_registration_number": "745001",
        "international_registration_date": "2019-04-02",
        "international_registration_entry_date": "2019-04-02",
        "international_registration_number": "1459087",
        "international_registration_priority_date": "2019-03-14",
        "priority_date": "2020-10-01",
        "publication_url":
            "http://www1.fips.ru/fips_servl/fips_servlet?DB=RUTM&DocNumber=812345&TypeFile=html",
        "related_applications": "2020740505 23.11.2020",
        "related_registrations": "745001 11.02.2020; 745002 11.02.2020",
        "transfer_agreement_registration_date": "2022-06-15",
        "transfer_agreement_registration_number": "РД0345678",
    }
    holder = lukoil.parties[0]
    assert (holder.role.value, holder.country, holder.identifiers) == (
        "holder", "RU", {"OGRN": "1027700035769", "INN": "7708004767"})
    assert (crimea.kind.value, crimea.status.value, crimea.feature.value) == (
        "collective", "expired", "Three dimensional")
    assert crimea.priorities[0].country == "DE"
    assert crimea.particulars["crimea_ukraine_certificate_number"] == "198765"
    assert crimea.particulars["crimea_recognition_application_date"] == "2015-02-10"
    assert crimea.particulars["collective_users"].startswith("ООО «Массандра»")
    assert "priority_date" not in crimea.particulars  # the Paris claim already says it
    assert [k.feature.value for k in kinds] == [
        "Hologram", "Sound", "Olfactory", "Other", "Motion", "Position"]


def test_written_dataset_matches_golden_and_reads_back_whole(tmp_path: Path) -> None:
    records = _read(SOURCE)
    [written] = write_csv(records, tmp_path / "tz.csv")
    golden = GOLDEN / "rospatent-tz-written.csv"
    if UPDATE:
        golden.write_bytes(written.read_bytes())
    assert written.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")
    # Every cell of the source comes back (dates in ISO form, flags as 1, "0" left as written).
    source_rows, written_rows = _rows(SOURCE), _rows(written)
    for before, after in zip(source_rows, written_rows, strict=True):
        for column, value in before.items():
            assert after.get(column) in (value, _iso(value)), column
    again = _read(written)
    assert [record_to_dict(r) for r in again] == [record_to_dict(r) for r in records]


@pytest.mark.parametrize(("cells", "reason"), [
    ({"initial registration date": "31.02.2020"},
     "initial registration date: not a real date: '31.02.2020'"),
    ({"international registration date": "soon"},
     "international registration date: not a date: 'soon'"),
    ({"paris convention priority country code": "QQ", "paris convention priority number": "1",
      "paris convention priority date": "2020-01-01"}, "unknown ST.3 country code 'QQ'"),
    ({"marknet nice classes": "4,99"}, "unknown Nice class"),
])
def test_a_bad_row_is_refused_by_line_and_the_others_imported(
        tmp_path: Path, cells: dict[str, str], reason: str) -> None:
    good = {"application number": "2020740504", "application date": "2020-11-23",
            "marknet mark text": "ЛУКОЙЛ", "marknet nice classes": "4", "actual": "1",
            "registration number": "812345"}
    bad = {**good, "application number": "2020740505", **cells}
    path = tmp_path / "tz.csv"
    columns = (*_published(), "marknet mark text", "marknet nice classes")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(columns)
        for row in (good, bad, {**good, "application number": "2020740506"}):
            writer.writerow([row.get(c, "") for c in columns])
    items = list(read_items(path))
    errors = [(i.position, i.error) for i in items if i.error]
    assert len(errors) == 1
    assert errors[0][0] == "tz.csv:line 3"
    assert reason in (errors[0][1] or "")
    assert sum(i.data is not None for i in items) == 2


def test_a_row_longer_than_the_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tz.csv"
    path.write_text("application number;application date;marknet mark text\n"
                    "2020740504;2020-11-23;ЛУКОЙЛ\n"
                    "2020740505;2020-11-23;LUKOIL;extra\n", encoding="utf-8")
    items = list(read_items(path))
    assert items[0].error is None
    assert items[1].position == "tz.csv:line 3"
    assert items[1].error == "4 cells, but the header names 3 columns"
