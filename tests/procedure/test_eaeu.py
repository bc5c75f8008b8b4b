"""The Union trademark across two offices (in-process network between two nodes)."""

from __future__ import annotations

import pytest

from marknet.errors import TransitionError
from marknet.procedure import Decision, LocalNetwork, advance, decide, examine, file, history, tick
from marknet.procedure.eaeu import require_consent
from tests.procedure.offices import APPLICANT, FakeClock, Office, earlier_mark, mark, tm


def union_to_examination(by: Office, network: LocalNetwork) -> str:
    record_id = file(by.p, mark("LUKOIL", [4, 25]), APPLICANT, eaeu_flag=True).record_id
    advance(by.p, record_id, "pass_formal", by.examiner)
    advance(by.p, record_id, "publish", by.examiner)
    network.pump()
    return record_id


def test_union_mark_refused_in_part_by_ru_registered_renewed_expired(
        pair: tuple[Office, Office], network: LocalNetwork, clock: FakeClock) -> None:
    by, ru = pair
    lukoil = earlier_mark(ru, "ЛУКОЙЛ", [4], "2019700001")
    record_id = union_to_examination(by, network)
    assert record_id.startswith("BY50")
    assert ru.p.case(record_id, "eaeu_exam").state == "examining"

    conflicts = {i.nice_class: i.conflicts for i in examine(ru.p, record_id).goods}
    assert [c.earlier_id for c in conflicts[4]] == [lukoil]
    assert conflicts[25] == []
    decide(ru.p, record_id, Decision(ru.examiner, False, (4,), "earlier RU mark", (lukoil,)))
    decide(ru.p, record_id, Decision(ru.examiner, True, (25,)))
    decide(by.p, record_id, Decision(by.examiner, True))
    network.pump()
    results = by.p.case(record_id, "eaeu").data["results"]
    assert results["RU"]["final"] is False
    assert results["BY"]["final"] is True

    clock.advance(20)
    advance(by.p, record_id, "argue", APPLICANT, {"office": "RU", "text": "no confusion"})
    network.pump()
    assert ru.p.case(record_id, "eaeu_exam").state == "reconsideration"
    decide(ru.p, record_id, Decision(ru.examiner, False, (4,), "maintained", (lukoil,)))
    network.pump()
    report = tick(by.p)  # every office's result is final: the filing office concludes
    network.pump()
    assert [d["action"] for d in report.done] == ["conclude"]
    record = tm(by, record_id)
    assert record.status.value == "registered"
    assert [g.nice_class for g in record.goods_services] == [25]
    entry_by, entry_ru = by.p.db.unified_entry(record_id), ru.p.db.unified_entry(record_id)
    assert entry_by == entry_ru
    assert entry_by is not None
    assert entry_by["status_code"] == "01"
    assert ru.p.case(record_id, "eaeu_exam").state == "closed"

    clock.set("2033-12-01")
    advance(by.p, record_id, "renew", APPLICANT)
    network.pump()
    assert ru.p.db.unified_entry(record_id) == by.p.db.unified_entry(record_id)
    renewed = ru.p.db.unified_entry(record_id)
    assert renewed is not None
    assert renewed["expiry_date"] == "2044-03-04"

    clock.set("2044-10-01")
    tick(by.p)
    network.pump()
    entry = ru.p.db.unified_entry(record_id)
    assert entry == by.p.db.unified_entry(record_id)
    assert entry is not None
    assert entry["status"] == "expired"
    assert [h["event"] for h in entry["history"]] == ["registered", "renewed", "expired"]
    codes = {m["code"] for m in history(ru.p, record_id)["messages"]}
    assert codes == {"MSG.028", "MSG.029", "MSG.030", "MSG.031", "MSG.053", "MSG.049"}
    receipts = [m for m in history(by.p, record_id)["messages"] if m["direction"] == "out"]
    assert all(m["receipt_at"] for m in receipts)


def test_consent_letter_lifts_a_refusal(pair: tuple[Office, Office], network: LocalNetwork,
                                        clock: FakeClock) -> None:
    by, ru = pair
    lukoil = earlier_mark(ru, "ЛУКОЙЛ", [4], "2019700001")
    record_id = union_to_examination(by, network)
    decide(ru.p, record_id, Decision(ru.examiner, True, (25,)))
    require_consent(ru.p, record_id, (4,), (lukoil,), ru.examiner)  # MSG.035
    network.pump()
    assert ru.p.case(record_id, "eaeu_exam").state == "awaiting_consent"
    assert by.p.case(record_id, "eaeu").data["consents_needed"]["RU"]["earlier_rights"] == [
        lukoil]
    with pytest.raises(TransitionError, match=r"rule eaeu\.consent"):
        advance(by.p, record_id, "consent", APPLICANT, {"office": "KZ", "text": "letter"})

    advance(by.p, record_id, "consent", APPLICANT,
            {"office": "RU", "text": "PJSC LUKOIL consents to the registration"})  # MSG.036
    network.pump()
    assert ru.p.case(record_id, "eaeu_exam").state == "reconsideration"
    decide(ru.p, record_id, Decision(ru.examiner, True, (4,), "consent of the holder"))
    decide(by.p, record_id, Decision(by.examiner, True))
    network.pump()
    tick(by.p)
    network.pump()
    record = tm(by, record_id)
    assert record.status.value == "registered"
    assert [g.nice_class for g in record.goods_services] == [4, 25]


def test_no_consent_in_time_means_deemed_withdrawn(pair: tuple[Office, Office],
                                                   network: LocalNetwork,
                                                   clock: FakeClock) -> None:
    by, ru = pair
    lukoil = earlier_mark(ru, "ЛУКОЙЛ", [4], "2019700001")
    record_id = union_to_examination(by, network)
    require_consent(ru.p, record_id, (4,), (lukoil,), ru.examiner)
    network.pump()
    clock.advance(120)  # past the consent period (3 months [check])
    report = tick(ru.p)  # MSG.037 → the filing office withdraws, MSG.044 to every office
    network.pump()
    assert [d["action"] for d in report.done] == ["consent_lapsed"]
    assert tm(by, record_id).status.value == "withdrawn"
    assert ru.p.case(record_id, "eaeu_exam").state == "closed"
    assert by.p.case(record_id, "eaeu_exam").state == "closed"
