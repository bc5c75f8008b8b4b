"""A file that breaks after good records (issue #12, item 8): everything before the break is
imported, the summary says exactly what and where it stopped; an undeclared entity is reported
at its real place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marknet.formats import FormatError, read_items
from tests.cli.runner import cli
from tests.formats.test_hostile import _document, _mark, _write


def test_a_break_after_2999_good_records_imports_all_2999(tmp_path: Path) -> None:
    data = _document("".join(_mark(f"20207{n:05d}") for n in range(1, 3001)))
    broken = _write(tmp_path, data[: data.index(b"2020703000") + 5])
    node = str(tmp_path / "ru")
    assert cli("init", "--data-dir", node, "--office", "RU").code == 0
    ran = cli("import", str(broken), "--data-dir", node, "--json")
    assert ran.code == 1  # not clean, but something was imported
    summary = json.loads(ran.stdout)
    assert (summary["read"], summary["imported"], summary["rejected"]) == (2999, 2999, 0)
    assert summary["stopped"].startswith("in.xml: line 1, column ")
    text = cli("import", str(broken), "--data-dir", node)
    assert "unchanged 2999" in text.stdout
    assert "stopped: in.xml: line 1" in text.stdout
    stats = cli("stats", "--data-dir", node, "--json").json()
    assert "2999" in json.dumps(stats)


def test_an_undeclared_entity_is_reported_where_it_is(tmp_path: Path) -> None:
    data = _document(_mark("2020700001") + _mark("2020700002", text="Ром&nbsp;ашка"))
    path = _write(tmp_path, data)
    column = data.index(b"&nbsp;") - data.rfind(b"\n", 0, data.index(b"&nbsp;"))
    with pytest.raises(FormatError) as broken:
        list(read_items(path))
    assert broken.value.message.startswith(f"in.xml: line 1, column {column}: undeclared "
                                           "entity &nbsp;")
    multi = data.replace(b"<tmk:Trademark>", b"\n<tmk:Trademark>")
    path = _write(tmp_path, multi, "multi.xml")
    with pytest.raises(FormatError, match=r"multi\.xml: line 3, column \d+:"):
        list(read_items(path))
