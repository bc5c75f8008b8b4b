"""The checked-in scheme tables match the iuliia schema files they were generated from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.shared_data import SHARED_DATA, shared_data

IUILIIA = SHARED_DATA / "translit-iuliia"
DATA = Path(__file__).parents[2] / "marknet" / "text" / "data"
SOURCES = {
    "gost_779": "gost_779_alt",
    "iso_9": "gost_779",
    "icao_doc_9303": "icao_doc_9303",
    "bgn_pcgn": "bgn_pcgn",
}


def _latin_e(table: Any) -> dict[str, str]:
    return {k: v.replace("ё", "ë") for k, v in (table or {}).items()}


@pytest.mark.parametrize(("ours", "source"), sorted(SOURCES.items()))
def test_tables_match_source(ours: str, source: str) -> None:
    shared_data("translit-iuliia")
    mine = json.loads((DATA / f"{ours}.json").read_text("utf-8"))
    theirs = json.loads((IUILIIA / f"{source}.json").read_text("utf-8"))
    for key in ("mapping", "prev_mapping", "next_mapping", "ending_mapping"):
        assert mine[key] == _latin_e(theirs.get(key)), key


def test_notice_keeps_the_licence() -> None:
    notice = (DATA / "NOTICE").read_text("utf-8")
    assert "MIT License" in notice
    assert "Anton Zhiyanov" in notice
