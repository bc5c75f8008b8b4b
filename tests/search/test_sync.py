"""The index on disk and in step with the register: build, reload, catch up, status moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from marknet.model import EventType, record_from_dict
from marknet.register import ImportItem, Register
from marknet.search import make_query
from marknet.search.sync import open_index
from marknet.store import Store
from tests.search.conftest import REAL, REAL_IDS, mark


@pytest.fixture
def register(store: Store) -> Register:
    reg = Register(store, "RU")
    ru = [r for r in REAL if r["office"] == "RU"]
    reg.import_items([ImportItem(str(i), r) for i, r in enumerate(ru)])
    # A partner's mirror lives in the same tables under its own register.
    by = [r for r in REAL if r["office"] == "BY"]
    Register(store, "BY").import_items([ImportItem(str(i), r) for i, r in enumerate(by)])
    return reg


def ids(index_dir: Path, store: Store, text: str, **kw: object) -> list[str]:
    index = open_index(index_dir, store, workers=1)
    return [h.id for h in index.search(make_query(text, **kw))]  # type: ignore[arg-type]


def test_built_from_every_register_and_saved(register: Register, store: Store,
                                             tmp_path: Path) -> None:
    found = ids(tmp_path, store, "Krynitsa")
    assert REAL_IDS["krynica"] in found
    assert (tmp_path / "current").is_file()
    base = tmp_path / (tmp_path / "current").read_text()
    assert (base / "manifest.json").is_file()
    assert (base / "names.npy").is_file()


def test_a_new_filing_is_found_by_the_next_search(register: Register, store: Store,
                                                  tmp_path: Path) -> None:
    assert "RU502024000812345" not in ids(tmp_path, store, "Швепс")
    new = mark(812345, "Швепс", [32], status="filed", filed="2024-02-01")
    register.file(record_from_dict(new), actor="applicant:1")
    assert ids(tmp_path, store, "Schweppes")[0] == "RU502024000812345"


def test_a_status_change_moves_a_record_between_filters(register: Register, store: Store,
                                                        tmp_path: Path) -> None:
    lukoil = REAL_IDS["lukoil"]
    assert lukoil in ids(tmp_path, store, "LUKOIL", statuses=["in_force"])
    register.transition(lukoil, EventType.EXPIRED, "examiner:7")
    assert lukoil not in ids(tmp_path, store, "LUKOIL", statuses=["in_force"])
    assert lukoil in ids(tmp_path, store, "LUKOIL", statuses=["ended"])
    # A second change of the same record replaces the first in the delta.
    register.transition(lukoil, EventType.RENEWED, "examiner:7",
                        {"expiry_date": "2035-03-02"})
    assert ids(tmp_path, store, "LUKOIL", statuses=["in_force"]).count(lukoil) == 1
    assert lukoil not in ids(tmp_path, store, "LUKOIL", statuses=["ended"])


def test_a_new_index_object_loads_the_saved_base_and_catches_up(
        register: Register, store: Store, tmp_path: Path) -> None:
    first = open_index(tmp_path, store, workers=1)
    saved = (tmp_path / "current").read_text()
    register.file(record_from_dict(mark(812346, "Пепси", [32], status="filed",
                                        filed="2024-02-02")), actor="applicant:1")
    second = open_index(tmp_path, store, workers=1)
    assert (tmp_path / "current").read_text() == saved  # loaded, not rebuilt
    assert len(second.segments) == 2
    assert second.segments[1].size == 1
    assert second.size == first.size + 1
    assert second.search(make_query("Pepsi"))[0].id == "RU502024000812346"


def test_a_stale_or_broken_index_is_rebuilt(register: Register, store: Store,
                                            tmp_path: Path) -> None:
    open_index(tmp_path, store, workers=1)
    base = tmp_path / (tmp_path / "current").read_text()
    (base / "manifest.json").write_text("{broken", "utf-8")
    assert REAL_IDS["coca"] in ids(tmp_path, store, "Coca-Cola")
    assert (tmp_path / "current").read_text() != base.name


def test_an_empty_node_answers_with_no_hits(store: Store, tmp_path: Path) -> None:
    assert ids(tmp_path, store, "LUKOIL") == []
    assert ids(tmp_path, store, "LUKOIL", mode="contains") == []
    Register(store, "RU").import_items([ImportItem("1", REAL[0])])
    assert ids(tmp_path, store, "LUKOIL") == [REAL_IDS["lukoil"]]
