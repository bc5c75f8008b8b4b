"""Vienna codes at every level: categories (28), divisions (28.03) and sections (28.03.01).

Real registers classify some images only to a division (EUIPO's ``2803``); the model accepts
every level the shipped list knows, refuses the rest by name, and search filters by prefix.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from marknet.cli import app
from marknet.errors import ValidationError
from marknet.model import Trademark, record_from_dict
from tests.cli.runner import cli, refused

SEAL = {"office": "RU", "application_number": "2021700001", "filing_date": "2021-03-01",
        "text": "Печать", "nice_classes": [16], "status": "registered", "feature": "Combined"}


def _mark(*codes: str, number: str = "2021700001") -> dict[str, Any]:
    return {**SEAL, "application_number": number,
            "images": [{"name": "seal.png", "vienna_codes": list(codes)}]}


@pytest.mark.parametrize("codes", [
    ("26",), ("26.04",), ("26.04.02",), ("28", "28.07", "27.05.01")])
def test_every_level_of_the_list_is_a_vienna_code(codes: tuple[str, ...]) -> None:
    mark = record_from_dict(_mark(*codes))
    assert isinstance(mark, Trademark)
    assert mark.vienna_codes == tuple(sorted(codes))


@pytest.mark.parametrize(("code", "reason"), [
    ("30", "unknown Vienna code '30'"),
    ("28.98", "unknown Vienna code '28.98'"),
    ("28.03.98", "unknown Vienna code '28.03.98'"),
    ("2803", "'2803' is not a Vienna code (26, 26.04 or 26.04.02)"),
    ("28-03", "'28-03' is not a Vienna code"),
    ("28.3", "'28.3' is not a Vienna code"),
])
def test_unknown_or_malformed_codes_are_refused_by_name(code: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        record_from_dict(_mark("26.04", code))
    assert reason in str(caught.value.errors)
    assert "images[0].vienna_codes" in str(caught.value.errors)


def test_the_euipo_sample_imports_whole_and_searches_by_division(data_dir: Path,
                                                                 tmp_path: Path) -> None:
    node = tmp_path / "ru"
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--data-dir", str(node), "--office", "RU"]).exit_code == 0
    result = runner.invoke(app, ["import", str(data_dir / "euipo-marks-2020" / "marks.json"),
                                 "--data-dir", str(node), "--allow-foreign", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["read"], report["imported"], report["rejected"]) == (20000, 20000, 0)

    # 000226381 OTTO is coded 26.04.03, 26.04.05, 26.04.22, 26.04.24 and, only to a division, 28.07.
    def found(code: str) -> set[str]:
        searched = runner.invoke(app, ["search", "OTTO", "--mode", "exact", "--vienna", code,
                                       "--office", "EM", "--data-dir", str(node), "--json"])
        assert searched.exit_code == 0, searched.output
        return {hit["id"] for hit in json.loads(searched.stdout)}

    otto = "EM501996000226381"
    assert all(otto in found(code) for code in ("28", "28.07", "26", "26.04", "26.04.03"))
    assert not any(otto in found(code) for code in ("28.03", "26.04.01", "27"))


def test_search_refuses_an_unknown_vienna_code_in_one_line(tmp_path: Path) -> None:
    node = str(tmp_path / "ru")
    assert cli("init", "--data-dir", node, "--office", "RU").code == 0
    line = refused(cli("search", "OTTO", "--vienna", "28.98", "--data-dir", node), 2)
    assert line == ("error: unknown Vienna code '28.98' (valid under 28: 28.01, 28.03, 28.05, "
                    "28.07, 28.09, 28.11, 28.17, 28.19)")
