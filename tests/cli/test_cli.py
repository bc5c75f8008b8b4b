"""The command line as users run it (in-process, through ``tests.cli.runner``): exit codes,
one-line errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.runner import Ran, cli

LUKOIL = {"office": "RU", "application_number": "2020740504", "filing_date": "2020-11-23",
          "text": "ЛУКОЙЛ", "nice_classes": [4, 35], "status": "registered"}


def marknet(*args: str, env: dict[str, str] | None = None) -> Ran:
    return cli(*args, env=env)


def assert_clean_failure(result: Ran, code: int, text: str) -> None:
    assert result.code == code, result.stderr
    assert text in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def node(tmp_path: Path) -> Path:
    data_dir = tmp_path / "ru"
    result = marknet("init", "--data-dir", str(data_dir), "--office", "RU", "--json")
    assert result.code == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["office"] == "RU"
    assert len(info["fingerprint"].split(":")) == 8
    return data_dir


def write_lines(path: Path, lines: list[Any]) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)
                              for x in lines) + "\n", encoding="utf-8")
    return path


def test_import_mixed_file_imports_good_lines_and_reports_bad_ones(node: Path,
                                                                  tmp_path: Path) -> None:
    source = write_lines(tmp_path / "mixed.jsonl", [
        LUKOIL,
        "{not json",
        {**LUKOIL, "application_number": "2021000002", "filing_date": "2021-02-30"},
        {**LUKOIL, "application_number": "2021000003", "office": "QQ"},
        {**LUKOIL, "application_number": "2021000004", "filing_date": "2021-01-04",
         "nice_classes": [46]},
        {**LUKOIL, "text": "LUKOIL"},
        {**LUKOIL, "application_number": "2022000005", "filing_date": "2022-05-05",
         "text": "Савушкин продукт"},
    ])
    result = marknet("import", str(source), "--data-dir", str(node), "--json")
    assert result.code == 1
    report = json.loads(result.stdout)
    assert (report["imported"], report["rejected"]) == (2, 5)
    by_line = {r["position"]: r["reason"] for r in report["rejections"]}
    assert "malformed JSON" in by_line["mixed.jsonl:line 2"]
    assert "is not a real date" in by_line["mixed.jsonl:line 3"]
    assert "unknown office code 'QQ'" in by_line["mixed.jsonl:line 4"]
    assert "Nice class must be 1–45, not 46" in by_line["mixed.jsonl:line 5"]
    assert "duplicate application number" in by_line["mixed.jsonl:line 6"]


def test_show_export_and_reimport_round_trip(node: Path, tmp_path: Path) -> None:
    source = tmp_path / "gen.jsonl"
    assert marknet("gen", "--records", "300", "--out", str(source), "--seed", "3",
                   "--gis").code == 0
    assert marknet("import", str(source), "--data-dir", str(node)).code == 0
    shown = marknet("show", "RU522018000700101", "--data-dir", str(node), "--json")
    record = json.loads(shown.stdout)
    assert record["record"]["names"][0]["text"] == "Вологодское масло"
    assert record["history"][0]["type"] == "imported"

    exported = tmp_path / "out.jsonl"
    result = marknet("export", "--data-dir", str(node), "--format", "jsonl", "--out",
                     str(exported), "--json")
    assert json.loads(result.stdout)["records"] == 308
    other = tmp_path / "copy"
    marknet("init", "--data-dir", str(other), "--office", "RU")
    again = json.loads(marknet("import", str(exported), "--data-dir", str(other),
                               "--json").stdout)
    assert again["imported"] == 308
    second = tmp_path / "again.jsonl"
    marknet("export", "--data-dir", str(other), "--out", str(second))
    assert sorted(exported.read_text().splitlines()) == sorted(second.read_text().splitlines())


def test_verify_finds_a_changed_byte(node: Path, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "one.jsonl", [LUKOIL])
    marknet("import", str(source), "--data-dir", str(node))
    assert marknet("verify", "--data-dir", str(node)).code == 0
    with sqlite3.connect(node / "marknet.sqlite3") as conn:
        conn.execute("UPDATE events SET payload = replace(payload, 'ЛУКОЙЛ', 'ЛУКОИЛ')")
    result = marknet("verify", "--data-dir", str(node), "--json")
    assert result.code == 3
    broken = json.loads(result.stdout)["first_break"]
    assert (broken["seq"], broken["record_id"]) == (1, "RU502020000740504")


@pytest.mark.parametrize(("args", "message"), [
    (["import", "/no/such/file.jsonl"], "no such file: /no/such/file.jsonl"),
    (["show", "RU509999000000001"], "no record RU509999000000001"),
    (["export", "--since", "yesterday"], "--since must be a date"),
    (["import"], "Missing argument"),
])
def test_bad_usage_exits_2_with_one_line(node: Path, args: list[str], message: str) -> None:
    assert_clean_failure(marknet(*args, "--data-dir", str(node)), 2, message)


def test_an_uninitialised_directory_is_refused(tmp_path: Path) -> None:
    assert_clean_failure(marknet("stats", "--data-dir", str(tmp_path)), 2, "is not a marknet node")


def test_an_unknown_office_is_refused_at_init(tmp_path: Path) -> None:
    assert_clean_failure(marknet("init", "--data-dir", str(tmp_path), "--office", "QQ"), 2,
                         "unknown office code")


def test_the_data_dir_comes_from_the_environment(node: Path) -> None:
    result = marknet("stats", "--json", env={"MARKNET_DATA_DIR": str(node)})
    assert result.code == 0
    assert json.loads(result.stdout) == {}


def test_keys_show_prints_the_public_key_and_fingerprint(node: Path) -> None:
    keys = json.loads(marknet("keys", "show", "--data-dir", str(node), "--json").stdout)
    assert keys[0]["active"] is True
    assert keys[0]["algorithm"] == "Ed25519"
