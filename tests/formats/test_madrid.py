"""International registrations (Madrid) designating a member state: read, held, searched.

``golden/madrid-ib-to-office.xml`` is a ``MadridIBToOfficeTransaction`` as WIPO's International
Bureau sends it to a designated office, valid against WIPO's V6_0 schema: LUKOIL designating
BY and KZ, a figurative mark designating BY later, ZUBROWKA designating KZ only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

from marknet.cli import app
from marknet.errors import ValidationError
from marknet.formats import read_items, write_st96
from marknet.model import DesignationStatus, Trademark, record_from_dict, record_to_dict

SAMPLE = Path(__file__).parent / "golden" / "madrid-ib-to-office.xml"
LUKOIL_IR: dict[str, Any] = {
    "office": "WO", "procedure": "madrid", "application_number": "1459087",
    "filing_date": "2019-04-02", "registration_number": "1459087",
    "registration_date": "2019-04-02", "text": "LUKOIL", "nice_classes": [4, 35],
    "status": "registered",
    "designations": [{"country": "BY", "date": "2019-04-02", "status": "protected"},
                     {"country": "KZ", "date": "2019-04-02",
                      "status": "provisionally_refused"},
                     {"country": "AM", "date": "2020-01-15", "status": "refused"}],
}


def test_the_sample_is_what_wipo_sends(data_dir: Path) -> None:
    schema = etree.XMLSchema(etree.parse(
        str(data_dir / "st96" / "schemas" / "MadridIBToOfficeTransaction_V6_0.xsd")))
    assert schema.validate(etree.parse(str(SAMPLE))), str(schema.error_log)


def test_a_madrid_designation_reads_as_an_international_registration() -> None:
    items = list(read_items(SAMPLE))
    assert [i.error for i in items] == [None, None, None]
    lukoil = record_from_dict(items[0].data or {})
    assert isinstance(lukoil, Trademark)
    assert (lukoil.id, lukoil.office, lukoil.procedure.value) == (
        "WO502019001459087", "WO", "madrid")
    assert (lukoil.registration_number, lukoil.expiry_date.isoformat() if lukoil.expiry_date
            else None) == ("1459087", "2029-04-02")
    assert (lukoil.text, lukoil.verbal_elements[0].transliteration) == ("ЛУКОЙЛ", "LUKOIL")
    assert lukoil.nice_classes == (4, 35)
    assert lukoil.vienna_codes == ("27.05",)
    assert (lukoil.parties[0].name, lukoil.parties[0].role.value) == ('PJSC "LUKOIL"', "holder")
    assert [(d.country, d.date.isoformat(), d.status) for d in lukoil.designations] == [
        ("BY", "2019-04-02", DesignationStatus.PENDING),
        ("KZ", "2019-04-02", DesignationStatus.PENDING)]
    figurative = record_from_dict(items[1].data or {})
    assert isinstance(figurative, Trademark)
    assert (figurative.feature.value, figurative.text) == ("Figurative", "")


def test_national_statuses_round_trip() -> None:
    record = record_from_dict(LUKOIL_IR)
    assert isinstance(record, Trademark)
    assert [d.status.value for d in record.designations] == [
        "protected", "provisionally_refused", "refused"]
    assert record_to_dict(record_from_dict(record_to_dict(record))) == record_to_dict(record)


@pytest.mark.parametrize(("change", "reason"), [
    ({"designations": []},
     "designations: an international registration needs at least one designated state"),
    ({"office": "RU"}, "office: an international registration is recorded by WIPO (WO), not RU"),
    ({"procedure": "national"},
     "designations: only an international registration (procedure madrid) designates states"),
    ({"designations": [{"country": "QQ", "date": "2019-04-02"}]},
     "designations[0].country: unknown ST.3 country code 'QQ'"),
    ({"designations": [{"country": "BY", "date": "2019-04-02"},
                       {"country": "BY", "date": "2019-05-02"}]},
     "designations[1].country: BY is designated twice"),
    ({"designations": [{"country": "BY", "date": "2019-01-02"}]},
     "designations[0].date: is before the international registration date"),
    ({"designations": [{"country": "BY", "date": "2019-04-02", "status": "granted"}]},
     "designations[0].status"),
    ({"designations": [{"country": "BY"}]}, "designations[0].date: is required"),
])
def test_a_bad_international_registration_is_refused_by_field(change: dict[str, Any],
                                                              reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        record_from_dict({**LUKOIL_IR, **change})
    assert reason in caught.value.message


def test_a_notification_without_designated_states_is_a_rejection(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("      <tmk:DesignatedCountryBag>")
    end = text.index("</tmk:DesignatedCountryBag>", start) + len("</tmk:DesignatedCountryBag>\n")
    broken = tmp_path / "broken.xml"
    broken.write_text(text[:start] + text[end:], encoding="utf-8")
    first = next(iter(read_items(broken)))
    with pytest.raises(ValidationError, match="needs at least one designated state"):
        record_from_dict(first.data or {})


def test_a_node_holds_the_registrations_designating_it_and_searches_them_with_its_own(
        tmp_path: Path) -> None:
    runner = CliRunner()
    node = str(tmp_path / "by")
    assert runner.invoke(app, ["init", "--data-dir", node, "--office", "BY"]).exit_code == 0
    national = tmp_path / "by.jsonl"
    national.write_text(json.dumps({
        "office": "BY", "application_number": "20190815", "filing_date": "2019-08-15",
        "text": "Лукойл-Беларусь", "nice_classes": [4], "status": "registered"},
        ensure_ascii=False) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["import", str(national), "--data-dir", node]).exit_code == 0

    result = runner.invoke(app, ["import", str(SAMPLE), "--data-dir", node, "--json"])
    report = json.loads(result.stdout)
    assert (report["read"], report["imported"], report["rejected"]) == (3, 2, 1)
    assert report["rejections"][0]["reason"] == (
        "the international registration does not designate BY (it designates KZ)")
    again = json.loads(runner.invoke(app, ["import", str(SAMPLE), "--data-dir", node,
                                           "--json"]).stdout)
    assert (again["imported"], again["unchanged"]) == (0, 2)

    searched = runner.invoke(app, ["search", "LUKOIL", "--class", "4", "--data-dir", node,
                                   "--json"])
    hits = {hit["id"]: hit for hit in json.loads(searched.stdout)}
    assert "WO502019001459087" in hits  # the international registration, in Cyrillic
    assert "BY502019000000815" in hits  # and the national mark
    assert hits["WO502019001459087"]["office"] == "WO"
    assert hits["WO502019001459087"]["register"] == "BY"
    verified = runner.invoke(app, ["verify", "--data-dir", node, "--json"])
    assert json.loads(verified.stdout)["ok"] is True


def test_st96_export_names_the_designated_states(tmp_path: Path,
                                                 validate: Callable[[Path], None]) -> None:
    record = record_from_dict(LUKOIL_IR)
    [path] = write_st96([record], tmp_path / "xml")
    validate(path)  # WIPO's V6_0 schema
    [item] = read_items(path)
    back = record_from_dict(item.data or {})
    assert isinstance(back, Trademark)
    assert (back.id, back.procedure.value) == ("WO502019001459087", "madrid")
    # ST.96 carries the states only: each reads back pending from the registration date.
    assert [(d.country, d.date.isoformat(), d.status.value) for d in back.designations] == [
        ("BY", "2019-04-02", "pending"), ("KZ", "2019-04-02", "pending"),
        ("AM", "2019-04-02", "pending")]
