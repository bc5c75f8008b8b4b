"""``marknet search`` as users run it (in-process, through ``tests.cli.runner``) and
``marknet bench search`` in a real process (its RSS is the process's)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.runner import cli as run
from tests.search.conftest import REAL, REAL_IDS


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("node")
    records = folder / "marks.jsonl"
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in REAL), "utf-8")
    assert run("init", "--data-dir", str(folder / "n"), "--office", "RU").code == 0
    done = run("import", str(records), "--data-dir", str(folder / "n"), "--allow-foreign")
    assert done.code == 0, done.stderr
    return folder / "n"


def test_json_hits_carry_the_contract_fields(node: Path) -> None:
    done = run("search", "LUKOIL", "--data-dir", str(node), "--json")
    assert done.code == 0, done.stderr
    hits = json.loads(done.stdout)
    assert hits[0]["id"] == REAL_IDS["lukoil"]
    for key in ("id", "office", "text", "score", "nice_classes", "status", "why"):
        assert key in hits[0]
    assert hits[0]["text"] == "ЛУКОЙЛ"
    # The reason's text as before, and beside it its stable code and arguments.
    assert all(set(c) == {"score", "reason", "code", "args"} for c in hits[0]["why"].values())
    assert hits[0]["why"]["sound"]["code"] == "sound_alike"


def test_filters_and_modes_on_the_command_line(node: Path) -> None:
    done = run("search", "Криница", "--data-dir", str(node), "--office", "BY", "--status",
               "pending", "--class", "32", "--mode", "translit", "--json")
    assert [h["id"] for h in json.loads(done.stdout)] == [REAL_IDS["krynica"]]
    done = run("search", "ВОЛОГОДСКОЕ МАСЛО ПРЕМИУМ", "--data-dir", str(node), "--class", "29",
               "--kind", "gi", "--json")
    assert "gi" in json.loads(done.stdout)[0]["why"]


def test_batch_queries_print_json_lines_in_input_order(node: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("Coca-Cola\n\n😀\nNescafe\nЛУКОЙЛ\n", "utf-8")
    done = run("search", "--queries", str(queries), "--data-dir", str(node))
    assert done.code == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["Coca-Cola", "😀", "Nescafe", "ЛУКОЙЛ"]
    assert lines[0]["hits"][0]["id"] == REAL_IDS["coca"]
    assert lines[1]["hits"] == []
    assert "no letters" in lines[1]["error"]
    assert lines[3]["hits"][0]["id"] == REAL_IDS["lukoil"]


def test_a_readable_table_without_json(node: Path) -> None:
    done = run("search", "Coca-Cola", "--data-dir", str(node))
    assert done.code == 0
    assert "Кока-Кола" in done.stdout
    assert "sound" in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["", ], "empty query"),
    (["LUKOIL", "--mode", "regex"], "unknown mode"),
    (["LUKOIL", "--class", "99"], "Nice class must be 1..45"),
    (["LUKOIL", "--status", "alive"], "unknown status"),
    (["LUKOIL", "--filed-from", "yesterday"], "must be a date"),
    (["😀"], "no letters or digits"),
    ([], "either a QUERY or --queries"),
])
def test_bad_input_exits_2_with_one_line(node: Path, args: list[str], message: str) -> None:
    done = run("search", *args, "--data-dir", str(node))
    assert done.code == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_long_query_is_answered(node: Path) -> None:
    done = run("search", "ЛУКОЙЛ " * 1700, "--data-dir", str(node), "--json")
    assert done.code == 0
    assert "cut to" in done.stderr
    assert json.loads(done.stdout)[0]["id"] == REAL_IDS["lukoil"]


def test_bench_search_reports_its_figures() -> None:
    done = subprocess.run([sys.executable, "-m", "marknet", "bench", "search", "--records",
                           "1500", "--queries", "20", "--json"], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for key in ("records", "queries", "index_build_s", "rss_mb", "p50_ms", "p95_ms",
                "recall_at_10", "exhaustive_p50_ms", "cross_script_recall_at_10"):
        assert key in result
    assert result["records"] == 1500
    assert result["queries"] == 20
    assert result["cross_script_recall_at_10"] >= 0.95
