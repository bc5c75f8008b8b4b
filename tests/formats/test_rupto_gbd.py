"""``export --format st96 --profile rupto`` as WIPO's Global Brand Database reads it.

WIPO's own ingestion for Rospatent (``wipo-gbd-transformation``, template ``rutm``) and its
quality check (``wipo-gbd-validation``) run on the export in their own environment
(``make gbd`` builds ``.venv-gbd``; ``MARKNET_GBD_PYTHON`` may name another interpreter).
Every registered and pending mark must come out with its number, verbal element, classes,
dates, applicant name and country intact and no quality error.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from marknet.cli import app
from marknet.formats import read_items
from marknet.model import record_from_dict, record_to_dict
from tests.cli.runner import cli, refused

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("gbd_rutm.py")
ENDED = {"expired", "cancelled", "surrendered", "invalidated"}

HANDMADE: list[dict[str, Any]] = [
    {"office": "RU", "application_number": "2020740504", "filing_date": "2020-11-23",
     "text": "ЛУКОЙЛ", "status": "registered", "registration_number": "812345",
     "registration_date": "2021-05-20", "expiry_date": "2030-11-23",
     "goods_services": [{"nice_class": 4, "terms": ["бензин", "масла моторные"]},
                        {"nice_class": 35}],
     "priorities": [{"kind": "paris", "country": "KZ", "number": "KZ2020/15",
                     "date": "2020-06-03"}],
     "parties": [{"name": "ПАО «ЛУКОЙЛ»", "role": "holder", "country": "RU",
                  "address": "101000, Москва, Сретенский б-р, 11"}],
     "particulars": {"correspondence_address": "101000, Москва, а/я 5"}},
    {"office": "RU", "application_number": "2021700777", "filing_date": "2021-02-01",
     "text": "Крымское вино", "kind": "collective", "status": "registered",
     "registration_number": "820001", "registration_date": "2021-09-01",
     "expiry_date": "2031-02-01", "nice_classes": [33], "feature": "Combined",
     "images": [{"name": "820001.png", "vienna_codes": ["05.07.10", "28.05"],
                 "colours": ["бордовый"]}],
     "parties": [{"name": "Ассоциация «Крымское вино»", "role": "holder", "country": "RU"}]},
    {"office": "RU", "application_number": "2022700042", "filing_date": "2022-03-15",
     "text": "ГОСТ-КАЧЕСТВО", "kind": "certification", "status": "published",
     "nice_classes": [29, 30],
     "parties": [{"name": "Savushkin product JSC", "role": "applicant", "country": "BY",
                  "address": "Брэст, вул. Я. Купалы, 118"}]},
]


@pytest.fixture(scope="module")
def gbd_python() -> str:
    python = os.environ.get("MARKNET_GBD_PYTHON") or str(ROOT / ".venv-gbd" / "bin" / "python")
    if not Path(python).exists():
        pytest.skip("WIPO's GBD packages are not installed: run `make gbd`")
    return python


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """An RU node holding 150 generated marks and three handmade ones, exported as rupto."""
    work = tmp_path_factory.mktemp("rupto")
    runner = CliRunner()
    node = str(work / "ru")
    assert runner.invoke(app, ["init", "--data-dir", node, "--office", "RU"]).exit_code == 0
    source = work / "records.jsonl"
    generated = runner.invoke(app, ["gen", "--records", "150", "--office", "RU", "--seed", "1",
                                    "--out", str(source)])
    assert generated.exit_code == 0, generated.output
    with source.open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in HANDMADE)
    imported = runner.invoke(app, ["import", str(source), "--data-dir", node, "--json"])
    assert json.loads(imported.stdout)["imported"] == 153
    result = runner.invoke(app, ["export", "--data-dir", node, "--format", "st96",
                                 "--profile", "rupto", "--out", str(work / "out"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    records = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        record = record_to_dict(record_from_dict(json.loads(line)))
        records[record["id"]] = record
    return {"report": report, "records": records}, work / "out"


def test_refused_and_withdrawn_applications_are_not_in_the_published_register(
        exported: tuple[dict[str, Any], Path]) -> None:
    info, out = exported
    report, records = info["report"], info["records"]
    unpublished = [r for r in records.values() if r["status"] in ("refused", "withdrawn")]
    assert unpublished
    assert sum(report["left_out"].values()) == len(unpublished)
    assert report["records"] == len(records) - len(unpublished) == len(list(out.glob("*.xml")))


def test_wipo_rutm_reads_every_mark_with_no_quality_error(
        gbd_python: str, exported: tuple[dict[str, Any], Path]) -> None:
    info, out = exported
    records = info["records"]
    files = sorted(out.glob("*.xml"))
    ran = subprocess.run([gbd_python, str(DRIVER), *map(str, files)], capture_output=True,
                         text=True, timeout=600, check=True)
    results = [json.loads(line) for line in ran.stdout.splitlines() if line.startswith("{")]
    assert len(results) == len(files)
    clean = 0
    for result in results:
        record = records[Path(result["file"]).stem]
        if record["status"] in ENDED:
            # wipo-gbd-transformation 1.1.110, rutm/filters.py get_trademark: the "Non Renewal"
            # branch calls an undefined ``et_path``, so WIPO cannot ingest an ended mark in
            # Rospatent's profile at all. When WIPO fixes it this fails: then check it reads
            # as Expired.
            assert result.get("error") == "NameError: name 'et_path' is not defined"
            continue
        assert "error" not in result, result
        assert result["errors"] == [], (record["id"], result["errors"])
        _assert_intact(record, result["document"])
        clean += 1
    assert clean >= 117  # every registered and pending mark of the node


def _assert_intact(record: dict[str, Any], doc: dict[str, Any]) -> None:
    assert doc["st13"] == record["id"]
    assert doc["applicationNumber"] == record["application_number"]
    assert doc["applicationDate"] == record["filing_date"]
    assert doc["gbdStatus"] == ("Registered" if record["status"] == "registered" else "Pending")
    assert doc["kind"] == [{"individual": "Individual", "collective": "Collective",
                            "certification": "Certificate"}[record["kind"]]]
    for ours, theirs in (("registration_number", "registrationNumber"),
                         ("registration_date", "registrationDate"),
                         ("expiry_date", "expiryDate")):
        assert doc.get(theirs) == record.get(ours), theirs
    words = [w["text"] for w in record.get("verbal_elements", [])]
    assert [w["text"] for w in doc.get("wordMarkSpecification", {}).get(
        "markVerbalElement", [])] == words
    assert [c["code"] for c in doc["goodsServicesClassification"]["class"]] == [
        g["nice_class"] for g in record["goods_services"]]
    owners = [p for p in record["parties"] if p["role"] in ("applicant", "holder")]
    assert [(a["fullName"][0]["text"], a["countryCode"]) for a in doc["applicants"]] == [
        (p["name"], p["country"]) for p in owners]


def test_the_handmade_marks_keep_terms_priority_and_kind(
        gbd_python: str, exported: tuple[dict[str, Any], Path]) -> None:
    _, out = exported
    files = [out / "RU502020000740504.xml", out / "RU502021000700777.xml",
             out / "RU502022000700042.xml"]
    ran = subprocess.run([gbd_python, str(DRIVER), *map(str, files)], capture_output=True,
                         text=True, timeout=600, check=True)
    lukoil, crimea, gost = (json.loads(line)["document"] for line in ran.stdout.splitlines())
    assert lukoil["goodsServicesClassification"]["class"][0]["terms"] == {
        "ru": ["бензин", "масла моторные"]}
    assert lukoil["priorities"] == [{"countryCode": "KZ", "number": "KZ2020/15",
                                     "date": "2020-06-03"}]
    assert lukoil["correspondence"]["fullAddress"][0]["text"] == "101000, Москва, а/я 5"
    assert (crimea["kind"], crimea["markFeature"]) == (["Collective"], "Combined")
    assert crimea["markImageDetails"][0]["name"] == "820001.png"
    assert crimea["applicants"][0]["fullAddress"][0]["text"] == "Russian Federation"
    assert (gost["kind"], gost["gbdStatus"]) == (["Certificate"], "Pending")


def test_marknet_reads_its_rupto_export_back(exported: tuple[dict[str, Any], Path]) -> None:
    info, out = exported
    records = info["records"]
    for path in sorted(out.glob("*.xml")):
        [item] = read_items(path)
        back = record_to_dict(record_from_dict(item.data or {}))
        source = dict(records[back["id"]])
        # What the profile does not carry: languages (GBD guesses them), a class's terms one
        # by one (one text, "; "-joined), holder apart from applicant, an address where none
        # was known (the country's name stands in), the Nice edition, statuses beyond
        # registered / pending / ended, and the particulars.
        for data in (source, back):
            for element in data.get("verbal_elements", []):
                element.pop("language", None)
            for goods in data.get("goods_services", []):
                if goods.get("terms"):
                    goods["terms"] = ["; ".join(goods["terms"])]
            for party in data.get("parties", []):
                party.pop("address", None)
                party["role"] = "applicant"
            data.pop("particulars", None)
            data.pop("nice_edition", None)
        if source["status"] in ENDED:
            assert back["status"] == "expired"
            source["status"] = "expired"
        elif source["status"] in ("examination", "published"):
            assert back["status"] == "filed"
            source["status"] = "filed"
        assert back == source


@pytest.mark.parametrize(("args", "reason"), [
    (["--format", "csv", "--profile", "rupto"], "unknown profile 'rupto' for csv"),
    (["--format", "st96", "--profile", "fips"],
     "unknown profile 'fips' for st96: st96 has v6, rupto"),
])
def test_a_profile_st96_does_not_have_is_refused_in_one_line(
        tmp_path: Path, args: list[str], reason: str) -> None:
    node = str(tmp_path / "ru")
    assert cli("init", "--data-dir", node, "--office", "RU").code == 0
    line = refused(cli("export", "--data-dir", node, "--out", str(tmp_path / "out"), *args), 2)
    assert line.startswith(f"error: {reason}")
    assert not (tmp_path / "out").exists()
