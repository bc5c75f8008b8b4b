"""The demo's GI, and ``marknet bench gis`` on a small register: every right is in the AO CSV
and reaches the partner's mirror (a real ``marknet serve`` process), whose chain head equals the
source's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from marknet.bench.gi_bench import bench_gis
from marknet.model import GeographicalIndication, record_from_dict
from marknet.node import init_node
from marknet.sample.gi_demo import demo_gi
from marknet.sample.gi_generator import generate_gis


def test_generated_gis_are_valid_records_with_their_rights() -> None:
    today = dt.date(2026, 12, 1)
    gis = [r for r in (record_from_dict(d) for d in generate_gis(50, 4, today=today))
           if isinstance(r, GeographicalIndication)]
    assert len({g.id for g in gis}) == 50
    assert all(len(g.certificates) == 4 for g in gis)
    statuses = {c.status_on(today).value for g in gis for c in g.certificates}
    assert statuses == {"valid", "expired", "terminated"}


def test_bench_gis_imports_writes_and_replicates_every_right(tmp_path: Path) -> None:
    result = bench_gis(60, 5, workdir=tmp_path)
    assert result["import"]["imported"] == 60
    assert result["import"]["rejected"] == 0
    assert result["ao_csv"]["rows"] == 300
    assert result["replicate"]["heads_equal"] is True
    assert result["replicate"]["rights_mirrored"] == 300


def test_the_demo_gi_has_two_rights_one_renewed(tmp_path: Path) -> None:
    with init_node(tmp_path / "ru", "RU") as node:
        gi_id = demo_gi(node)
        assert gi_id is not None
        assert demo_gi(node) is None  # a second run leaves it as it is
        gi = record_from_dict(node.store.get_records([gi_id])[gi_id].data)
        assert isinstance(gi, GeographicalIndication)
        assert gi.status.value == "registered"
        assert [c.producer.name for c in gi.certificates] == [
            "АО «Калужский хлебокомбинат»", "ООО «Мещовская пекарня»"]
        assert [c.expiry_date for c in gi.certificates] == [dt.date(2036, 3, 1),
                                                            dt.date(2028, 6, 4)]
        events = [e.type.value for e in node.register.history(gi_id)]
        assert events.count("certificate_issued") == 2
        assert events[-1] == "certificate_renewed"
