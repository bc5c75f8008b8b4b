"""Every example application under examples/ files as its README says, and `file --help`
points to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.runner import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("nodes")
    for office in ("RU", "BY"):
        assert cli("init", "--data-dir", str(base / office.lower()), "--office",
                   office).code == 0
    return {"RU": base / "ru", "BY": base / "by"}


@pytest.mark.parametrize(("name", "office", "extra", "procedure", "state"), [
    ("national-trademark.json", "RU", (), "trademark", "formal_examination"),
    ("union-trademark.json", "BY", ("--eaeu",), "eaeu", "formal_examination"),
    ("gi.json", "RU", (), "gi", "formal_examination"),
])
def test_each_example_files(nodes: dict[str, Path], name: str, office: str,
                            extra: tuple[str, ...], procedure: str, state: str) -> None:
    filed = cli("file", str(EXAMPLES / name), *extra, "--data-dir", str(nodes[office]),
                "--json").json()
    assert filed["id"].startswith(office)
    assert (filed["procedure"], filed["state"]) == (procedure, state)
    shown = cli("show", filed["id"], "--data-dir", str(nodes[office]), "--json").json()
    assert shown["record"]["office"] == office


def test_file_help_names_every_example() -> None:
    shown = cli("file", "-h")
    assert shown.code == 0
    names = sorted(p.name for p in EXAMPLES.glob("*.json"))
    assert names == ["gi.json", "national-trademark.json", "union-trademark.json"]
    for name in names:
        assert name in shown.stdout
    assert all(name in (EXAMPLES / "README.md").read_text() for name in names)
