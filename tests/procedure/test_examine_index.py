"""Examination through the search index finds what the full scan finds, with the same reasons."""

from __future__ import annotations

from pathlib import Path

from marknet.procedure import examine, file
from marknet.procedure.examine import index_finder
from marknet.register import ImportItem
from marknet.sample.generator import generate_records
from marknet.sample.gis import sample_gis
from tests.procedure.offices import APPLICANT, Office, earlier_mark, mark


def test_index_finder_reports_the_same_conflicts_as_the_scan(ru: Office, tmp_path: Path) -> None:
    lukoil = earlier_mark(ru, "ЛУКОЙЛ", [4, 35], "2019700001")
    noise = [ImportItem(str(i), d) for i, d in enumerate(generate_records(3000, 4, "RU"))]
    ru.p.register.import_items(noise)
    gis = [ImportItem(f"gi{i}", g) for i, g in enumerate(sample_gis("RU"))]
    ru.p.register.import_items(gis)
    record_id = file(ru.p, mark("LUKOIL Тульский пряник", [4, 30]), APPLICANT).record_id

    scanned = examine(ru.p, record_id)
    ru.p.finder = index_finder(tmp_path / "index")
    indexed = examine(ru.p, record_id)

    assert indexed.engine == "search_index"
    assert scanned.engine == "scan_with_match"
    by_class = {g.nice_class: g.conflicts for g in indexed.goods}
    assert lukoil in {c.earlier_id for c in by_class[4]}
    assert "RU522019000700207" in {c.earlier_id for c in by_class[30]}  # Тульский пряник GI
    for mine, theirs in zip(indexed.goods, scanned.goods, strict=True):
        assert [(c.earlier_id, c.score) for c in mine.conflicts] == [
            (c.earlier_id, c.score) for c in theirs.conflicts]
