"""``marknet bench quality`` as an operator runs it, on the real shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marknet.bench.quality import goods_pairs, inpi_pairs, spearman
from marknet.cli import app
from tests.cli.runner import cli
from tests.shared_data import shared_data


def test_quality_reports_every_figure_in_range() -> None:
    result = CliRunner().invoke(app, ["bench", "quality", "--json", "--marks", "1500",
                                      "--generated", "0", "--queries", "20",
                                      "--random-pairs", "50", "--data", str(shared_data())])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["cross_script_pairs"] >= 150
    assert figures["inpi_pairs"] == 30
    for key in ("cross_script_recall_at_1", "cross_script_recall_at_10", "inpi_recall_at_10",
                "false_alarm_rate", "random_p99", "goods_spearman"):
        assert 0.0 <= figures[key] <= 1.0, key
    assert figures["cross_script_recall_at_10"] >= figures["cross_script_recall_at_1"]
    assert figures["false_alarm_queries"] == 20


def test_quality_refuses_a_folder_without_the_euipo_sample(tmp_path: Path) -> None:
    result = cli("bench", "quality", "--data", str(tmp_path))
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "no euipo-marks-2020/marks.json" in result.stderr
    assert "Traceback" not in result.stderr


def test_spearman_ranks_ties_by_their_average() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # Ties: x = (1, 1, 2) ranks (1.5, 1.5, 3); y ranks (1, 2, 3).
    assert spearman([1, 1, 2], [1, 2, 3]) == pytest.approx(0.8660254)
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0


def test_the_labelled_data_reads_as_pairs() -> None:
    rows = goods_pairs()
    assert len(rows) >= 150
    assert all(0 <= grade <= 4 for _, _, grade in rows)
    assert ("FUTERE", "FUTER") in inpi_pairs(shared_data())
