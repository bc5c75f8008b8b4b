"""National trademark: filing to registration, notice and reply, renewal, grace and expiry."""

from __future__ import annotations

import datetime as dt

import pytest

from marknet.errors import TransitionError
from marknet.procedure import Decision, advance, decide, examine, file, history, tick
from marknet.procedure.calendar import due_date
from tests.procedure.offices import APPLICANT, THIRD, FakeClock, Office, earlier_mark, mark, tm


def _to_examination(ru: Office, text: str, classes: list[int]) -> str:
    case = file(ru.p, mark(text, classes), APPLICANT)
    advance(ru.p, case.record_id, "pass_formal", ru.examiner)
    advance(ru.p, case.record_id, "publish", ru.examiner)
    return case.record_id


def test_refusal_for_some_goods_after_notice_and_reply(ru: Office, clock: FakeClock) -> None:
    lukoil = earlier_mark(ru, "ЛУКОЙЛ", [4], "2019700001")
    record_id = _to_examination(ru, "LUKOIL", [4, 25])
    advance(ru.p, record_id, "observe", THIRD, {"text": "LUKOIL is a famous mark"})
    report = examine(ru.p, record_id)
    by_class = {item.nice_class: item for item in report.goods}
    assert [c.earlier_id for c in by_class[4].conflicts] == [lukoil]
    assert by_class[4].conflicts[0].why["sound"]["reason"].startswith("sounds alike")
    assert by_class[25].conflicts == []

    decide(ru.p, record_id, Decision(ru.examiner, False, (4,), "art. 1483(6)", (lukoil,)))
    case = decide(ru.p, record_id, Decision(ru.examiner, True, (25,)))
    assert case.state == "awaiting_reply"  # refusing goods starts with a notice
    clock.advance(30)
    case = advance(ru.p, record_id, "reply", APPLICANT, {"text": "different goods"})
    assert case.state == "reconsideration"
    case = decide(ru.p, record_id, Decision(ru.examiner, False, (4,), "maintained", (lukoil,)))
    assert case.state == "awaiting_fee"
    advance(ru.p, record_id, "pay_fee", APPLICANT)
    case = advance(ru.p, record_id, "register", ru.examiner)
    record = tm(ru, record_id)
    assert case.state == "registered"
    assert [g.nice_class for g in record.goods_services] == [25]
    assert record.expiry_date == dt.date(2034, 3, 4)
    decisions = history(ru.p, record_id)["decisions"]
    assert decisions[0]["cited"] == [lukoil]
    assert decisions[0]["examiner"] == "examiner:examiner@RU"
    assert decisions[0]["goods"] == {"4": "refuse"}


def test_reply_deadline_lapses_by_the_clock(ru: Office, clock: FakeClock) -> None:
    record_id = _to_examination(ru, "ZOLOTO", [30])
    decide(ru.p, record_id, Decision(ru.examiner, False, (), "descriptive"))
    due = ru.p.db.deadline(record_id, "trademark", "reply_to_notice")
    assert due is not None
    assert due.due == due_date(clock().date(), 6, "RU")
    clock.now = dt.datetime.combine(due.due, dt.time(12), dt.UTC) + dt.timedelta(days=1)
    with pytest.raises(TransitionError, match="reply_to_notice period ended"):
        advance(ru.p, record_id, "reply", APPLICANT)
    first = tick(ru.p)
    assert [d["action"] for d in first.done] == ["reply_lapsed"]
    assert tick(ru.p).done == []  # idempotent
    case = decide(ru.p, record_id, Decision(ru.examiner, False, (), "descriptive"))
    assert case.state == "refused"
    assert tm(ru, record_id).status.value == "refused"


def test_renewal_window_grace_and_expiry(ru: Office, clock: FakeClock) -> None:
    record_id = _to_examination(ru, "BELOCHKA", [30])
    decide(ru.p, record_id, Decision(ru.examiner, True))
    advance(ru.p, record_id, "pay_fee", APPLICANT)
    advance(ru.p, record_id, "register", ru.examiner)
    clock.set("2032-03-01")
    with pytest.raises(TransitionError, match=r"renewal is possible from 2033-03-04 to"):
        advance(ru.p, record_id, "renew", APPLICANT)
    clock.set("2033-06-01")
    advance(ru.p, record_id, "renew", APPLICANT)
    assert tm(ru, record_id).expiry_date == dt.date(2044, 3, 4)
    clock.set("2044-03-10")
    assert [d["action"] for d in tick(ru.p).done] == ["enter_grace"]
    clock.set("2044-09-20")
    assert [d["action"] for d in tick(ru.p).done] == ["expire"]
    assert tm(ru, record_id).status.value == "expired"
    with pytest.raises(TransitionError, match="is expired; renew is allowed only when grace"):
        advance(ru.p, record_id, "renew", APPLICANT)
