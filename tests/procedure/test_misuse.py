"""Every misuse is refused with an error naming the rule, and nothing changes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from marknet.errors import MarknetError, TransitionError, ValidationError
from marknet.procedure import (
    Actor,
    Decision,
    LocalNetwork,
    Message,
    Role,
    advance,
    decide,
    file,
)
from marknet.procedure.handlers import NotAPartyError
from tests.procedure.offices import APPLICANT, FakeClock, Office, mark
from tests.procedure.test_eaeu import union_to_examination

_TABLES = ("events", "procedure_cases", "procedure_log", "procedure_decisions",
           "procedure_deadlines", "procedure_outbox", "procedure_inbox", "unified_register")


def snapshot(office: Office) -> dict[str, Any]:
    store = office.node.store
    return {t: store.query(f"SELECT * FROM {t}") for t in _TABLES}


def refused(office: Office, error: type[MarknetError], match: str, call: Any) -> None:
    before = snapshot(office)
    with pytest.raises(error, match=match):
        call()
    assert snapshot(office) == before


def _refused_application(ru: Office, clock: FakeClock) -> str:
    record_id = file(ru.p, mark("ZOLOTO", [30]), APPLICANT).record_id
    advance(ru.p, record_id, "pass_formal", ru.examiner)
    advance(ru.p, record_id, "publish", ru.examiner)
    decide(ru.p, record_id, Decision(ru.examiner, False, (), "descriptive"))
    advance(ru.p, record_id, "reply", APPLICANT, {"text": "the word is not descriptive"})
    decide(ru.p, record_id, Decision(ru.examiner, False, (), "descriptive"))
    return record_id


def test_registering_a_refused_application(ru: Office, clock: FakeClock) -> None:
    record_id = _refused_application(ru, clock)
    refused(ru, TransitionError, r"rule trademark.register: .* is refused; register is allowed "
            r"only when fee_paid", lambda: advance(ru.p, record_id, "register", ru.examiner))
    refused(ru, TransitionError, r"rule trademark.pay_fee: only the applicant",
            lambda: advance(ru.p, record_id, "pay_fee", ru.examiner))


def test_refusal_without_notice_is_not_in_the_table(ru: Office) -> None:
    record_id = file(ru.p, mark("ZOLOTO", [30]), APPLICANT).record_id
    refused(ru, TransitionError, r"rule trademark.refuse: .* is formal_examination",
            lambda: advance(ru.p, record_id, "refuse", ru.examiner))


def test_by_examiner_cannot_decide_for_ru(pair: tuple[Office, Office],
                                          network: LocalNetwork) -> None:
    by, ru = pair
    record_id = union_to_examination(by, network)
    intruder = Actor(Role.EXAMINER, "petrova", "BY")
    refused(ru, TransitionError, r"rule eaeu_exam.report_accept: an examiner of BY cannot act "
            r"in the RU office's procedure",
            lambda: decide(ru.p, record_id, Decision(intruder, True)))
    refused(by, TransitionError, r"rule decision.office: RU's examination is decided at the RU",
            lambda: decide(by.p, record_id, Decision(by.examiner, True), for_office="RU"))


def test_decision_after_the_examination_period(pair: tuple[Office, Office],
                                               network: LocalNetwork, clock: FakeClock) -> None:
    by, ru = pair
    record_id = union_to_examination(by, network)
    clock.set("2024-10-01")
    refused(ru, TransitionError, r"rule eaeu_exam.report_accept: the examination period ended "
            r"on 2024-09-04 \(examination: 6 months .*\[check\]\)",
            lambda: decide(ru.p, record_id, Decision(ru.examiner, True)))


def test_message_from_an_office_that_is_not_a_party(pair: tuple[Office, Office],
                                                    network: LocalNetwork) -> None:
    by, ru = pair
    record_id = union_to_examination(by, network)

    def message(code: str, sender: str, body: dict[str, Any]) -> Message:
        return Message(str(uuid.uuid4()), code, sender, "BY", record_id, body, "")

    result = {"office": "KZ", "final": True, "goods": {"4": {"outcome": "refuse"}}}
    refused(by, NotAPartyError, r"rule eaeu.parties: KZ is not a member office",
            lambda: by.p.receive(message("MSG.029", "KZ", result)))
    decision = {"decision": "refused", "refused_goods": [4]}
    refused(ru, NotAPartyError, r"rule eaeu.parties: only the filing office BY sends MSG.031",
            lambda: ru.p.receive(Message(str(uuid.uuid4()), "MSG.031", "RU", "RU", record_id,
                                         decision, "")))


def test_filing_with_missing_and_contradictory_fields(ru: Office) -> None:
    bad = {"text": "ROMASHKA", "office": "BY", "procedure": "national",
           "registration_number": "123456", "status": "registered"}
    before = snapshot(ru)
    with pytest.raises(ValidationError) as caught:
        file(ru.p, bad, APPLICANT, eaeu_flag=True)
    assert snapshot(ru) == before
    fields = {e.field for e in caught.value.errors}
    assert {"office", "procedure", "registration_number", "status", "parties",
            "goods_services"} <= fields
    assert "filed at the RU office" in caught.value.message


def test_union_renewal_outside_the_window(pair: tuple[Office, Office],
                                          network: LocalNetwork, clock: FakeClock) -> None:
    by, ru = pair
    record_id = union_to_examination(by, network)
    for office in (by, ru):
        decide(office.p, record_id, Decision(office.examiner, True))
    network.pump()
    advance(by.p, record_id, "conclude", by.examiner)
    clock.set("2026-01-01")
    refused(by, TransitionError, r"rule eaeu.renew: renewal is possible from 2033-03-04",
            lambda: advance(by.p, record_id, "renew", APPLICANT))
