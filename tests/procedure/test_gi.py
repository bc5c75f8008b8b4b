"""A Russian GI with two producers' certificates, and a trademark that contains its name."""

from __future__ import annotations

import pytest

from marknet.errors import InputError, TransitionError
from marknet.procedure import Decision, advance, decide, examine, file, national, tick
from tests.procedure.offices import APPLICANT, FakeClock, Office, gi_record, mark

CONCLUSION = {"authority": "Ministry of Agriculture of the Tula region", "date": "2024-01-15"}


def _gi() -> dict[str, object]:
    return {"record_type": "gi", "kind": "gi",
            "names": [{"text": "Тульский пряник", "language": "ru"}],
            "product": "gingerbread", "nice_class": 30, "area": "Tula region",
            "parties": [{"name": "Tula Gingerbread Factory", "role": "applicant"}]}


def test_gi_certificates_and_a_conflicting_trademark(ru: Office, clock: FakeClock) -> None:
    gi_id = file(ru.p, _gi(), APPLICANT).record_id
    advance(ru.p, gi_id, "pass_formal", ru.examiner)
    assert decide(ru.p, gi_id, Decision(ru.examiner, True)).state == "registered"
    numbers = [national.request_certificate(ru.p, gi_id, {"name": name, "country": "RU"},
                                            CONCLUSION, APPLICANT)
               for name in ("Tula Gingerbread Factory", "Staraya Tula LLC")]
    for number in numbers:
        national.issue_certificate(ru.p, gi_id, number, ru.examiner)
    gi = gi_record(ru, gi_id)
    assert [c.producer.name for c in gi.certificates] == ["Tula Gingerbread Factory",
                                                          "Staraya Tula LLC"]
    assert {c.status.value for c in gi.certificates} == {"valid"}

    clock.advance(40)
    tm = file(ru.p, mark("ТУЛЬСКИЙ ПРЯНИК ЗОЛОТОЙ", [30, 9]), APPLICANT).record_id
    advance(ru.p, tm, "pass_formal", ru.examiner)
    advance(ru.p, tm, "publish", ru.examiner)
    report = {item.nice_class: item.conflicts for item in examine(ru.p, tm).goods}
    assert [c.earlier_id for c in report[30]] == [gi_id]
    assert report[30][0].ground.startswith("contains a protected GI/AO")
    assert report[9] == []


def test_certificate_needs_conclusion_and_lapses(ru: Office, clock: FakeClock) -> None:
    gi_id = file(ru.p, _gi(), APPLICANT).record_id
    advance(ru.p, gi_id, "pass_formal", ru.examiner)
    decide(ru.p, gi_id, Decision(ru.examiner, True))
    with pytest.raises(InputError, match="conclusion of the competent authority"):
        national.request_certificate(ru.p, gi_id, {"name": "X"}, None, APPLICANT)
    number = national.request_certificate(ru.p, gi_id, {"name": "X"}, CONCLUSION, APPLICANT)
    national.issue_certificate(ru.p, gi_id, number, ru.examiner)
    clock.set("2030-01-01")
    with pytest.raises(TransitionError, match="renewal is possible from 2033-03-04"):
        national.renew_certificate(ru.p, gi_id, number, CONCLUSION, APPLICANT)
    clock.set("2034-10-01")
    assert [d["action"] for d in tick(ru.p).done] == ["certificate_lapsed"]
    assert gi_record(ru, gi_id).certificates[0].status.value == "expired"


def test_missing_materials_deemed_withdrawn(ru: Office, clock: FakeClock) -> None:
    gi_id = file(ru.p, _gi(), APPLICANT).record_id
    advance(ru.p, gi_id, "request_materials", ru.examiner)
    clock.set("2024-07-10")
    tick(ru.p)
    assert gi_record(ru, gi_id).status.value == "withdrawn"
    assert ru.p.db.deadlines(record_id=gi_id) == []
