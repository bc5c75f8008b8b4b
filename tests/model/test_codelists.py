"""Code lists: loaders, and a check that the packaged files match the published sources."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from marknet.model import codelists
from tests.shared_data import shared_data

REPO = Path(__file__).resolve().parents[2]
PACKAGED = REPO / "marknet" / "model" / "codelists"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_codelists", REPO / "scripts" /
                                                  "gen_codelists.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_packaged_code_lists_are_not_stale(tmp_path: Path) -> None:
    written = _generator().generate(shared_data(), tmp_path)
    assert {p.name for p in written} == {"st3.csv", "nice.json", "vienna.csv"}
    for path in written:
        assert path.read_bytes() == (PACKAGED / path.name).read_bytes(), (
            f"{path.name} is stale: run python scripts/gen_codelists.py")


def test_st3_and_offices() -> None:
    assert codelists.is_st3_code("RU")
    assert codelists.is_st3_code("SU")
    assert codelists.is_office_code("BY")
    assert not codelists.is_office_code("XX")
    assert not codelists.is_st3_code("ZZ")
    assert {"AM", "BY", "KG", "KZ", "RU"} == codelists.EAEU_MEMBERS
    assert list(codelists.NICE_CLASSES) == list(range(1, 46))


def test_nice_classes_and_terms() -> None:
    assert codelists.nice_edition() == "12-2024"
    assert codelists.nice_class(9).kind == "good"
    assert codelists.nice_class(35).kind == "service"
    assert codelists.nice_class(30).heading.startswith("Coffee, tea, cocoa")
    assert sum(len(codelists.nice_terms(n)) for n in codelists.NICE_CLASSES) == 9915
    assert codelists.nice_terms(1)[0] == codelists.NiceTerm(
        "0001", "combusting preparations [chemical additives to motor fuel]")
    with pytest.raises(KeyError):
        codelists.nice_class(46)


def test_vienna_codes_in_both_forms() -> None:
    assert codelists.is_vienna_code("01.01.01")
    assert codelists.is_vienna_code("010101")
    assert codelists.is_vienna_code("26.04")
    assert codelists.is_vienna_code("26")
    assert not codelists.is_vienna_code("98.01.01")
    assert not codelists.is_vienna_code("1.1.1")
    assert codelists.vienna_description("260402") == codelists.vienna_description("26.04.02")
    assert codelists.normalise_vienna("010101") == "01.01.01"
    with pytest.raises(KeyError):
        codelists.vienna_description("98.01.01")
