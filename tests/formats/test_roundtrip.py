"""Round trips: WIPO's examples, USPTO's ST.66/ST.96 pairs, and generated records."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from marknet.formats import (
    read_items,
    read_jsonl,
    read_st66,
    read_st96,
    write_jsonl,
    write_st66,
    write_st96,
)
from marknet.model import (
    GeographicalIndication,
    Record,
    Trademark,
    record_from_dict,
    record_to_dict,
)
from tests.formats.strategies import gis, trademarks

Check = Callable[[Path], None]
USPTO_MARKS = ("rn2178784", "rn2713476", "rn3886986", "sn77478018", "sn85334015",
               "sn87881347")


def _records(path: Path, reader: Callable[[Path], Any] = read_items) -> list[Record]:
    items = list(reader(path))
    assert [i.error for i in items if i.error] == []
    return [record_from_dict(i.data) for i in items]


def _canonical(records: list[Record]) -> list[dict[str, Any]]:
    return [record_to_dict(r) for r in records]


@pytest.mark.parametrize("name", ["TrademarkApplication_Example.xml", "GIApplication_Example.xml"])
def test_wipo_example_round_trip(data_dir: Path, tmp_path: Path, validate: Check,
                                 name: str) -> None:
    original = _records(data_dir / "st96" / "examples" / name)
    assert len(original) == 1
    paths = write_st96(original, tmp_path)
    assert len(paths) == 1
    validate(paths[0])
    assert _canonical(_records(paths[0])) == _canonical(original)


def test_wipo_examples_read_what_they_say(data_dir: Path) -> None:
    mark = _records(data_dir / "st96/examples/TrademarkApplication_Example.xml")[0]
    assert isinstance(mark, Trademark)
    assert (mark.id, mark.text, mark.nice_classes) == ("US502016087035559", "LANYI", (9,))
    assert mark.status.value == "registered"
    assert mark.images[0].name == "87035559.png"
    gi = _records(data_dir / "st96/examples/GIApplication_Example.xml")[0]
    assert isinstance(gi, GeographicalIndication)
    assert (gi.office, gi.application_number, gi.kind.value) == ("FR", "IG 18-002", "gi")
    assert gi.names[0].translation == "Aubusson tapestry"
    assert gi.nice_class == 24
    assert sum(p.role.value == "producer" for p in gi.parties) == 10


def _expected(data_dir: Path, name: str) -> dict[str, str]:
    """The key,"value" lines of an expected/*.txt file (first value per key)."""
    values: dict[str, str] = {}
    for line in (data_dir / "uspto-st66-st96/expected" / name).read_text().splitlines():
        key, _, value = line.partition(",")
        values.setdefault(key, value.strip('"'))
    return values


@pytest.mark.parametrize("mark", USPTO_MARKS)
def test_uspto_st66_and_st96_give_the_same_record(data_dir: Path, mark: str) -> None:
    testdata = data_dir / "uspto-st66-st96/testdata"
    st66 = record_to_dict(_records(testdata / f"{mark}-ST66.xml", read_st66)[0])
    st96 = record_to_dict(_records(testdata / f"{mark}-ST96.xml", read_st96)[0])

    def applicants(record: dict[str, Any]) -> list[str]:
        return sorted({p["name"] for p in record["parties"] if p["role"] == "applicant"})

    assert applicants(st66) == applicants(st96)
    # USPTO's ST.66 names no image file and keeps attorneys where its ST.96 has none.
    for record in (st66, st96):
        record.pop("images", None)
        record.pop("parties")
    assert st66 == st96


@pytest.mark.parametrize("mark", ["rn2178784", "rn2713476"])
def test_uspto_expected_values(data_dir: Path, mark: str) -> None:
    testdata = data_dir / "uspto-st66-st96/testdata"
    expected = (_expected(data_dir, f"appno-{mark}.txt")
                | _expected(data_dir, f"appdates-{mark}.txt")
                | _expected(data_dir, f"regno-{mark}.txt")
                | _expected(data_dir, f"regdatesonly-{mark}.txt"))
    for name in (f"{mark}-ST66.xml", f"{mark}-ST96.xml", f"{mark}-ST96-old.xml"):
        record = _records(testdata / name)[0]
        assert record.application_number == expected["ApplicationNumber"]
        assert record.filing_date.isoformat() == expected["ApplicationDateTruncated"]
        assert record.registration_number == expected["RegistrationNumber"]
        assert record.registration_date is not None
        assert record.registration_date.isoformat() == expected["RegistrationDateTruncated"]


@pytest.mark.parametrize("mark", ["rn2713476", "rn3886986"])
def test_uspto_expected_classes(data_dir: Path, mark: str) -> None:
    lines = (data_dir / f"uspto-st66-st96/expected/international-classes-{mark}.txt"
             ).read_text().splitlines()
    classes = [int(v.split(",")[1].strip('"')) for v in lines
               if v.startswith("InternationalClassNumber")]
    terms = [v.split(",", 1)[1].strip('"') for v in lines
             if v.startswith("GoodsServicesDescription")]
    for suffix in ("ST66", "ST96"):
        record = _records(data_dir / f"uspto-st66-st96/testdata/{mark}-{suffix}.xml")[0]
        assert isinstance(record, Trademark)
        assert [g.nice_class for g in record.goods_services] == classes
        assert [t for g in record.goods_services for t in g.terms] == terms


def _round_trip(data: dict[str, Any], write: Callable[[list[Record], Path], Any],
                read: Callable[[Path], Any]) -> None:
    record = record_from_dict(data)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        written = write([record], out)
        paths = written if isinstance(written, list) else [out / "records.jsonl"]
        back = [r for p in paths for r in _records(p, read)]
    assert _canonical(back) == _canonical([record])


_HYPOTHESIS = settings(max_examples=60, deadline=None,
                       suppress_health_check=[HealthCheck.too_slow])


@_HYPOTHESIS
@given(trademarks())
def test_trademarks_survive_st96(data: dict[str, Any]) -> None:
    _round_trip(data, write_st96, read_st96)


@_HYPOTHESIS
@given(gis())
def test_gis_survive_st96(data: dict[str, Any]) -> None:
    _round_trip(data, write_st96, read_st96)


@_HYPOTHESIS
@given(trademarks())
def test_trademarks_survive_st66(data: dict[str, Any]) -> None:
    _round_trip(data, write_st66, read_st66)


def _jsonl(records: list[Record], out: Path) -> int:
    return write_jsonl(records, out / "records.jsonl")


@_HYPOTHESIS
@given(trademarks() | gis())
def test_records_survive_jsonl(data: dict[str, Any]) -> None:
    _round_trip(data, _jsonl, read_jsonl)


@settings(max_examples=15, deadline=None)
@given(trademarks())
def test_generated_trademark_exports_are_valid(trademark_schema: etree.XMLSchema,
                                               data: dict[str, Any]) -> None:
    schema = trademark_schema
    with tempfile.TemporaryDirectory() as tmp:
        path = write_st96([record_from_dict(data)], Path(tmp))[0]
        assert schema.validate(etree.parse(str(path))), str(schema.error_log)[:500]
