"""``marknet bench import`` runs end to end and says what it cost (no timing asserted)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from marknet.cli import app


@pytest.mark.parametrize("fmt", ["jsonl", "st96"])
def test_bench_import_reports_records_cpu_and_load(fmt: str) -> None:
    result = CliRunner().invoke(app, ["bench", "import", "--records", "300", "--format", fmt,
                                      "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["imported"], report["backend"]) == (300, "sqlite")
    assert report["cpu_seconds"] > 0
    # cpu_seconds is rounded to 10 ms: 33 µs of 300 records
    assert report["cpu_us_per_record"] == pytest.approx(report["cpu_seconds"] / 300 * 1e6,
                                                        abs=34)
    assert report["load_average_before"] >= 0
