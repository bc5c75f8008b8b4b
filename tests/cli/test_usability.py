"""What a new user meets first: version, help, exit codes, output that scripts can read,
outputs never overwritten by surprise, filters refused with the valid values."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.cli.runner import cli, refused

LUKOIL = {"office": "RU", "application_number": "2020740504", "filing_date": "2020-11-23",
          "text": "ЛУКОЙЛ", "nice_classes": [4, 35], "status": "registered"}
KRYNITSA = {"office": "BY", "application_number": "20010123", "filing_date": "2001-03-14",
            "text": "Крыніца", "nice_classes": [32], "status": "registered"}


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("node")
    data_dir = base / "ru"
    assert cli("init", "--data-dir", str(data_dir), "--office", "RU").code == 0
    source = base / "marks.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (LUKOIL, KRYNITSA)),
                      encoding="utf-8")
    imported = cli("import", str(source), "--data-dir", str(data_dir), "--allow-foreign",
                   "--json").json()
    assert imported["imported"] == 2
    return data_dir


def test_version_and_short_help() -> None:
    version = cli("--version")
    assert version.code == 0
    assert version.stdout.startswith("marknet 0.")
    for args in (("-h",), ("--help",), ("export", "-h")):
        shown = cli(*args)
        assert shown.code == 0
        assert "Usage: marknet" in shown.stdout
    assert "Exit codes: 0 done; 1 done in part" in " ".join(cli("-h").stdout.split())


def test_exit_codes_tell_usage_from_failure(node: Path, tmp_path: Path) -> None:
    refused(cli("no-such-command"), 2, "No such command")
    refused(cli("show", "RU509999000000001", "--data-dir", str(node)), 2, "RU509999000000001")
    refused(cli("stats", "--data-dir", str(tmp_path / "nowhere")), 2, "is not a marknet node")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**LUKOIL, "application_number": "2021000001",
                               "nice_classes": [46]}) + "\n", encoding="utf-8")
    assert cli("import", str(bad), "--data-dir", str(node)).code == 2  # nothing imported
    bad.write_text(bad.read_text() + json.dumps({**LUKOIL, "application_number": "2021000002",
                                                 "filing_date": "2021-02-01"}) + "\n")
    assert cli("import", str(bad), "--data-dir", str(node)).code == 1  # done in part


@pytest.mark.parametrize(("fmt", "name"), [("jsonl", "out.jsonl"), ("csv", "out.csv"),
                                            ("st96", "st96"), ("st66", "st66")])
def test_every_export_format_refuses_to_overwrite_without_force(node: Path, tmp_path: Path,
                                                               fmt: str, name: str) -> None:
    out = tmp_path / name
    first = cli("export", "--data-dir", str(node), "--format", fmt, "--out", str(out), "--json")
    assert first.json()["records"] >= 2
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}
    again = refused(cli("export", "--data-dir", str(node), "--format", fmt, "--out", str(out)),
                    2, str(out), "--force")
    assert again.startswith("error: ")
    assert {p: p.read_bytes() for p in files} == before
    forced = cli("export", "--data-dir", str(node), "--format", fmt, "--out", str(out),
                 "--force", "--json")
    assert forced.json()["records"] == first.json()["records"]


def test_a_csv_export_refuses_when_only_its_appellations_file_exists(node: Path,
                                                                    tmp_path: Path) -> None:
    (tmp_path / "out-ao.csv").write_text("kept", encoding="utf-8")
    refused(cli("export", "--data-dir", str(node), "--format", "csv", "--out",
                str(tmp_path / "out.csv")), 2, "out-ao.csv exists")
    assert (tmp_path / "out-ao.csv").read_text() == "kept"
    assert not (tmp_path / "out.csv").exists()


def test_gen_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "marks.jsonl"
    assert cli("gen", "--records", "5", "--out", str(out)).code == 0
    written = out.read_bytes()
    refused(cli("gen", "--records", "7", "--out", str(out)), 2, "--force")
    assert out.read_bytes() == written
    assert cli("gen", "--records", "7", "--out", str(out), "--force").code == 0
    assert len(out.read_text().splitlines()) == 7


@pytest.mark.parametrize(("option", "value", "fragments"), [
    ("--office", "QQ", ("ST.3 office code (RU, BY, KZ", "'QQ'")),
    ("--class", "46", ("Nice class must be 1..45, not 46",)),
    ("--vienna", "28.98", ("unknown Vienna code '28.98' (valid under 28: 28.01, 28.03",)),
    ("--status", "alive", ("unknown status 'alive'",)),
])
def test_bad_search_filters_are_refused_with_the_valid_values(node: Path, option: str,
                                                             value: str,
                                                             fragments: tuple[str, ...]) -> None:
    refused(cli("search", "LUKOIL", "--data-dir", str(node), option, value), 2, *fragments)


def test_piped_output_is_never_wrapped_or_cut(node: Path) -> None:
    shown = cli("search", "LUKOIL", "--data-dir", str(node), "--class", "4")
    assert shown.code == 0, shown.stderr
    assert "RU502020000740504" in shown.stdout
    assert any("sounds alike: LUKOIL ~ ЛУКОЙЛ" in line for line in shown.stdout.splitlines())
    assert "…" not in shown.stdout


def test_plain_output_shows_json_not_python_reprs(node: Path) -> None:
    shown = cli("outbox", "--data-dir", str(node))
    assert shown.code == 0, shown.stderr
    counts = shown.stdout.splitlines()[0].removeprefix("counts: ")
    assert isinstance(json.loads(counts), dict | list)


def test_long_commands_are_quiet_when_piped(node: Path, tmp_path: Path) -> None:
    for args in (("verify",), ("export", "--out", str(tmp_path / "all.jsonl"))):
        ran = cli(*args, "--data-dir", str(node))
        assert ran.code == 0
        assert ran.stderr == ""


def test_progress_on_a_terminal_shows_the_total_and_the_time_left(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from marknet.cli import progress as shown

    screen = io.StringIO()
    monkeypatch.setattr(shown, "err_console", Console(file=screen, force_terminal=True,
                                                      width=120))
    monkeypatch.setattr(shown, "interactive", lambda: True)
    with shown.progress("verifying", 2000) as advance:
        assert advance is not None
        advance(1000)
        advance(1000)
    drawn = screen.getvalue()
    assert "verifying" in drawn
    assert "2000/2000" in drawn
    assert "left" in drawn
