"""Golden files for every writer: a Russian mark with every field, a Belarusian AO.

Regenerate after an intended change with ``MARKNET_UPDATE_GOLDEN=1 pytest tests/formats``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from marknet.formats import read_items, write_csv, write_jsonl, write_st66, write_st96
from marknet.model import Record, record_from_dict, record_to_dict

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("MARKNET_UPDATE_GOLDEN") == "1"

MARK: dict[str, Any] = {
    "office": "RU", "application_number": "2020740504", "filing_date": "2020-07-01",
    "status": "registered", "kind": "collective", "feature": "Combined", "procedure": "eaeu",
    "verbal_elements": [
        {"text": "Крыніца", "language": "be", "transliteration": "Krynica",
         "translation": "Spring"},
        {"text": "ЛУКОЙЛ & Co", "language": "ru", "transliteration": "LUKOIL"}],
    "goods_services": [{"nice_class": 32, "terms": ["mineral water", "beer"]},
                       {"nice_class": 35}],
    "priorities": [{"kind": "paris", "country": "KZ", "number": "KZ2020/15",
                    "date": "2020-02-03"},
                   {"kind": "exhibition", "country": "BY", "number": "EXPO-7",
                    "date": "2020-03-01"}],
    "images": [{"name": "2020740504.png", "vienna_codes": ["01.15.15", "26.04.02"],
                "colours": ["синий", "white"]}],
    "disclaimers": ["«вода»"],
    "parties": [
        {"name": "ООО «Ромашка»", "role": "holder", "country": "RU",
         "address": "Москва, ул. Ленина, 1", "identifiers": {"INN": "7708004767",
                                                             "OGRN": "1027700132195"}},
        {"name": "Иванов И. И.", "role": "representative", "country": "RU"},
        {"name": "ОАО «Лидское пиво»", "role": "licensee", "address": "Лида"}],
    "registration_number": "812345", "registration_date": "2021-05-20",
    "expiry_date": "2030-07-01",
    "publications": [{"bulletin": "Бюл. № 10", "date": "2021-05-20",
                      "subject": "registration"}],
}
AO: dict[str, Any] = {
    "record_type": "gi", "office": "BY", "application_number": "20190001",
    "filing_date": "2019-03-01", "kind": "ao", "status": "registered",
    "names": [{"text": "Налібоцкі мёд", "language": "be", "transliteration": "Nalibocki miod"},
              {"text": "Налибокский мёд", "language": "ru", "translation": "Naliboki honey"}],
    "product": "мёд", "nice_class": 30, "area": "Налібоцкая пушча",
    "properties": "Цёмны, з водарам верасу",
    "conclusion": {"authority": "Міністэрства сельскай гаспадаркі", "date": "2019-01-10",
                   "number": "12", "summary": "Уласцівасці абумоўлены месцам"},
    "parties": [{"name": "ААТ «Пчолка»", "role": "applicant", "country": "BY",
                 "address": "Мінск"},
                {"name": "Пчаляр Пятровіч", "role": "producer"}],
    "registration_number": "15", "registration_date": "2020-01-15",
    "publications": [{"bulletin": "Афіцыйны бюлетэнь 2020/1", "date": "2020-01-30",
                      "subject": "registration"}],
}


# Two producers' rights, one of them expired by the golden files' day.
RIGHTS = {"certificates": [
        {"number": "15/1", "producer": {"name": "ААТ «Пчолка»", "role": "producer",
                                        "country": "BY", "address": "Мінск",
                                        "identifiers": {"UNP": "100000001"}},
         "filing_date": "2019-03-01", "registration_date": "2020-01-15",
         "expiry_date": "2029-03-01", "status": "valid"},
        {"number": "15/2", "producer": {"name": "Пчаляр Пятровіч", "role": "producer",
                                        "country": "BY"},
         "filing_date": "2014-02-01", "registration_date": "2014-06-01",
         "expiry_date": "2024-02-01", "status": "valid"}]}
AO_WITH_RIGHTS = {**AO, **RIGHTS}


def _records(rights: bool = True) -> list[Record]:
    return [record_from_dict(MARK), record_from_dict(AO_WITH_RIGHTS if rights else AO)]


def _compare(produced: Path, golden: Path) -> None:
    if UPDATE:
        golden.write_bytes(produced.read_bytes())
    assert golden.exists(), f"missing golden file {golden.name}; run with MARKNET_UPDATE_GOLDEN=1"
    assert produced.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


WRITERS: dict[str, Callable[[list[Record], Path], list[Path]]] = {
    "st96": lambda records, out: write_st96(records, out),
    "st66": lambda records, out: write_st66(records, out),
    "csv": lambda records, out: write_csv(records, out / "register.csv", dt.date(2026, 1, 1)),
    "jsonl": lambda records, out: [out / "records.jsonl"]
    if write_jsonl(records, out / "records.jsonl") else [],
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_writer_output_matches_golden(tmp_path: Path, name: str) -> None:
    paths = WRITERS[name](_records(), tmp_path)
    assert paths
    for path in paths:
        _compare(path, GOLDEN / f"{name}-{path.name}")


def test_golden_st96_is_valid_and_reads_back(validate: Callable[[Path], None]) -> None:
    paths = sorted(GOLDEN.glob("st96-*.xml"))
    assert [p.name for p in paths] == ["st96-gis-00001.xml", "st96-trademarks-00001.xml"]
    back = []
    for path in paths:
        validate(path)
        back += [record_to_dict(record_from_dict(i.data or {})) for i in read_items(path)]
    # Producers' certificates are a separate ST.96 transaction (GIUserCertificate), not part of
    # a GI document (marknet/formats/README.md): they travel by replication and the AO CSV.
    expected = [record_to_dict(r) for r in _records(rights=False)]
    assert sorted(back, key=lambda r: r["id"]) == sorted(expected, key=lambda r: r["id"])


def test_ao_csv_has_a_row_per_right_and_reads_back_as_one_appellation() -> None:
    golden = GOLDEN / "csv-register-ao.csv"
    rows = golden.read_text(encoding="utf-8").splitlines()[1:]
    assert [r.split(";")[9] for r in rows] == ["ААТ «Пчолка»", "Пчаляр Пятровіч"]
    assert [r.split(";")[19] for r in rows] == ["valid", "expired"]  # as of 2026-01-01
    [item] = list(read_items(golden))
    back = record_to_dict(record_from_dict(item.data or {}))
    assert [(c["number"], c["producer"]["name"], c["expiry_date"]) for c in
            back["certificates"]] == [("15/1", "ААТ «Пчолка»", "2029-03-01"),
                                      ("15/2", "Пчаляр Пятровіч", "2024-02-01")]
