"""The EAEU (Union) trademark: one filing office, every member office examining in parallel.

The filing office keeps the application in its register and the ``eaeu`` case; every member
office (the filing office too) runs an ``eaeu_exam`` case under its own law. What crosses
offices travels as P.SP.02 messages: MSG.028 (application to every office), MSG.029 (result per
goods item), MSG.030 (arguments through the filing office), MSG.061 (observations), MSG.031
(decision to all, with the Unified Register entry), MSG.053 (renewal), MSG.049 (other register
changes: expiry), MSG.040 (conversion to national applications).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marknet.errors import InputError, TransitionError
from marknet.model import Trademark, record_to_dict
from marknet.model.dates import add_months
from marknet.procedure import decisions as dec
from marknet.procedure.engine import CLOCK, Actor, Procedures, Send, StepInput
from marknet.procedure.filing import goods_items
from marknet.procedure.messages import Message
from marknet.procedure.national import next_number, publish_input, renewal_input
from marknet.procedure.store import Case
from marknet.procedure.tables import Role, Workflow

# Unified Register status codes (DESIGN.md §4): 01 registered, 03 data changed, 04 annulled.
STATUS_CODES = {"registered": "01", "renewed": "03", "expired": "03", "annulled": "04"}


def filing_office(record_id: str) -> str:
    return record_id[:2]  # an ST.13 id starts with the office that received the application


def members(p: Procedures) -> tuple[str, ...]:
    return p.settings.eaeu_offices


def _to_all(p: Procedures, code: str, body: dict[str, Any]) -> list[Send]:
    return [Send(code, office, body) for office in members(p)]


# -- filing office ---------------------------------------------------------------------------
def publish(p: Procedures, record_id: str, examiner: Actor) -> Case:
    """Publish and send the application to every member office for examination (MSG.028)."""
    given = publish_input(p)
    record = p.record(record_id)
    body = {"application": record_to_dict(record), "publication_date": p.today().isoformat(),
            "goods": goods_items(record)}
    given.sends = _to_all(p, "MSG.028", body)
    return p.transition(record_id, Workflow.EAEU, "publish", examiner, given)


def argue(p: Procedures, record_id: str, office: str, arguments: str, actor: Actor) -> Case:
    """The applicant's arguments against an office's refusal, through the filing office."""
    case = p.case(record_id, Workflow.EAEU)
    result = case.data.get("results", {}).get(office)
    if result is None or not dec.refused(result["decisions"]) or result["final"]:
        raise TransitionError(f"rule eaeu.argue: {office} has no refusal open to arguments "
                              f"on {record_id}")
    if not arguments.strip():
        raise InputError("rule eaeu.argue: the arguments are empty")
    send = Send("MSG.030", office, {"arguments": arguments, "applicant": actor.name})
    return p.transition(record_id, Workflow.EAEU, "argue", actor,
                        StepInput(sends=[send], log={"office": office}))


def give_consent(p: Procedures, record_id: str, office: str, letter: str, actor: Actor) -> Case:
    """The earlier right holder's consent letter, sent through the filing office (MSG.036)."""
    case = p.case(record_id, Workflow.EAEU)
    if office not in case.data.get("consents_needed", {}):
        raise TransitionError(f"rule eaeu.consent: {office} has not asked for a consent "
                              f"letter on {record_id}")
    if not letter.strip():
        raise InputError("rule eaeu.consent: the consent letter is empty")
    send = Send("MSG.036", office, {"letter": letter, "applicant": actor.name})
    return p.transition(record_id, Workflow.EAEU, "consent", actor,
                        StepInput(sends=[send], log={"office": office}))


def observe(p: Procedures, record_id: str, text: str, actor: Actor) -> Case:
    send = _to_all(p, "MSG.061", {"observation": text, "by": actor.name})
    return p.transition(record_id, Workflow.EAEU, "observe", actor,
                        StepInput(sends=send, log={"observation": text}))


def ready(p: Procedures, case: Case) -> bool:
    """Every member office has sent a final result."""
    results = case.data.get("results", {})
    return all(results.get(o, {}).get("final") for o in members(p))


def conclude(p: Procedures, record_id: str, actor: Actor) -> Case:
    """The Union decision: registered for the goods no office refused, else refused."""
    case = p.case(record_id, Workflow.EAEU)
    if case.state != "offices_examining":
        raise TransitionError(f"rule eaeu.conclude: {record_id} is {case.state}, not under "
                              "examination by the offices")
    if not ready(p, case):
        exam = p.db.deadline(record_id, Workflow.EAEU.value, "examination")
        silent = p.settings.eaeu_silence_is_acceptance
        if exam is None or p.today() <= exam.due or not silent:
            waiting = [o for o in members(p)
                       if not case.data.get("results", {}).get(o, {}).get("final")]
            raise TransitionError(f"rule eaeu.conclude: waiting for final results of "
                                  f"{', '.join(waiting)}")
    record = p.record(record_id)
    assert isinstance(record, Trademark)
    refused = sorted({g for r in case.data.get("results", {}).values()
                      for g in dec.refused(r["decisions"])})
    remaining = [g for g in record.goods_services if g.nice_class not in refused]
    if not remaining:
        body = {"decision": "refused", "refused_goods": refused}
        return p.transition(record_id, Workflow.EAEU, "conclude_refuse", actor, StepInput(
            event_payload={"refused_goods": refused}, sends=_to_all(p, "MSG.031", body)))
    term = p.settings.deadline(p.office, "eaeu", "term").months
    expiry = add_months(record.filing_date, term)
    registration = {
        "registration_number": f"EA{next_number(p, 'union-registration', p.today().year)}",
        "registration_date": p.today().isoformat(), "expiry_date": expiry.isoformat(),
        "goods_services": [record_to_dict(record)["goods_services"][i]
                           for i, g in enumerate(record.goods_services) if g in remaining]}
    with p.store.transaction():
        case = p.transition(record_id, Workflow.EAEU, "conclude_register", actor,
                            StepInput(event_payload=registration, anchors={"expiry": expiry},
                                      log={"refused_goods": refused}))
        entry, history = _unified(p, record_id, "registered")
        p.db.save_unified(entry, history, p.clock().isoformat())
        for send in _to_all(p, "MSG.031", {"decision": "registered", "entry": entry,
                                           "history": history}):
            p.outbox.enqueue(send.recipient, send.code, record_id, {**send.body,
                                                                    "record_id": record_id})
    return case


def _unified(p: Procedures, record_id: str, what: str) -> tuple[dict[str, Any], list[Any]]:
    """The Unified Register entry as the filing office states it, and its history so far."""
    record = p.record(record_id)
    assert isinstance(record, Trademark)
    data = record_to_dict(record)
    entry = {"registration_number": record.registration_number, "record_id": record_id,
             "filing_office": record.office, "sign": record.text,
             "holders": [x["name"] for x in data.get("parties", [])
                         if x.get("role") in ("applicant", "holder")],
             "goods_services": data["goods_services"], "filing_date": data["filing_date"],
             "registration_date": data.get("registration_date"),
             "expiry_date": data.get("expiry_date"), "status": record.status.value,
             "status_code": STATUS_CODES[what]}
    old = p.db.unified_entry(record_id)
    history = [*(old["history"] if old else []),
               {"date": p.today().isoformat(), "event": what, "code": STATUS_CODES[what]}]
    return entry, history


def _register_change(p: Procedures, record_id: str, what: str, code: str) -> list[Send]:
    entry, history = _unified(p, record_id, what)
    p.db.save_unified(entry, history, p.clock().isoformat())
    return _to_all(p, code, {"change": what, "entry": entry, "history": history})


def renew(p: Procedures, record_id: str, actor: Actor) -> Case:
    """Renewal requested at the filing office, told to every office (MSG.053)."""
    given = renewal_input(p, Workflow.EAEU, p.record(record_id))
    with p.store.transaction():
        case = p.transition(record_id, Workflow.EAEU, "renew", actor, given)
        _enqueue(p, record_id, _register_change(p, record_id, "renewed", "MSG.053"))
    return case


def expire(p: Procedures, record_id: str, actor: Actor = CLOCK) -> Case:
    with p.store.transaction():
        case = p.transition(record_id, Workflow.EAEU, "expire", actor)
        _enqueue(p, record_id, _register_change(p, record_id, "expired", "MSG.049"))
    return case


def _enqueue(p: Procedures, record_id: str, sends: list[Send]) -> None:
    for send in sends:
        p.outbox.enqueue(send.recipient, send.code, record_id, {**send.body,
                                                                "record_id": record_id})


def convert(p: Procedures, record_id: str, offices: list[str], actor: Actor) -> Case:
    """Conversion of a refused Union application into national ones, keeping its dates."""
    unknown = [o for o in offices if o not in members(p)]
    if unknown or not offices:
        raise InputError(f"rule eaeu.convert: name member offices ({', '.join(members(p))}), "
                         f"not {', '.join(unknown) or 'none'}")
    body = {"application": record_to_dict(p.record(record_id))}
    return p.transition(record_id, Workflow.EAEU, "convert", actor,
                        StepInput(sends=[Send("MSG.040", o, body) for o in offices]))


# -- every member office -------------------------------------------------------------------
def decide(p: Procedures, record_id: str, decisions: Sequence[dec.Decision]) -> Case:
    """This office's examination under its own law, per goods item; results go by MSG.029."""
    case = p.case(record_id, Workflow.EAEU_EXAM)
    items = case.data["goods"]
    entries, each = dec.batch(p, case, items, decisions)
    merged = dec.merged(case, entries)
    if dec.undecided(items, merged):
        action = "decide_partial"
    elif case.state == "reconsideration":
        action = "final_report"
    else:
        action = "report" if dec.refused(merged) else "report_accept"
    final = action in ("final_report", "report_accept")
    examiner = decisions[0].examiner
    sends = [] if action == "decide_partial" else [_result(p, record_id, merged, final,
                                                           examiner)]
    with p.store.transaction():
        case = p.transition(record_id, Workflow.EAEU_EXAM, action, examiner,
                            StepInput(data={"decisions": merged}, sends=sends,
                                      log=dec.log(entries, decisions)))
        for decision, own in zip(decisions, each, strict=True):
            dec.record(p, case, action, decision, own)
    return case


def _result(p: Procedures, record_id: str, decisions: dict[str, Any], final: bool,
            by: Actor) -> Send:
    body = {"office": p.office, "final": final, "examiner": by.label, **dec.summary(decisions)}
    return Send("MSG.029", filing_office(record_id), body)


def arguments_lapsed(p: Procedures, record_id: str, actor: Actor = CLOCK) -> Case:
    """No arguments in time: the office's refusal becomes final."""
    case = p.case(record_id, Workflow.EAEU_EXAM)
    send = _result(p, record_id, case.data.get("decisions", {}), True, actor)
    return p.transition(record_id, Workflow.EAEU_EXAM, "arguments_lapsed", actor,
                        StepInput(sends=[send]))


def require_consent(p: Procedures, record_id: str, goods: tuple[int, ...],
                    earlier_rights: tuple[str, ...], examiner: Actor) -> Case:
    """This office would refuse ``goods`` for ``earlier_rights`` unless their holder consents:
    it asks the filing office for the holder's letter (MSG.035)."""
    case = p.case(record_id, Workflow.EAEU_EXAM)
    known = {int(g) for g in case.data["goods"]}
    if not goods or not set(goods) <= known or not earlier_rights:
        raise InputError(f"rule eaeu.consent: name goods of the application ({sorted(known)}) "
                         "and the earlier rights whose holders must consent")
    body = {"office": p.office, "goods": sorted(goods), "earlier_rights": list(earlier_rights)}
    send = Send("MSG.035", filing_office(record_id), body)
    return p.transition(record_id, Workflow.EAEU_EXAM, "require_consent", examiner,
                        StepInput(data={"consent_needed": body}, sends=[send], log=body))


def consent_lapsed(p: Procedures, record_id: str, actor: Actor = CLOCK) -> Case:
    """No consent letter in time: the application is deemed withdrawn (MSG.037)."""
    send = Send("MSG.037", filing_office(record_id), {"office": p.office})
    return p.transition(record_id, Workflow.EAEU_EXAM, "consent_lapsed", actor,
                        StepInput(sends=[send]))


def office_actor(message: Message) -> Actor:
    return Actor(Role.OFFICE, message.sender, message.sender)
