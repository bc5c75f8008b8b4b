"""What each EAEU message does at the receiving office, after checking the sender is a party.

The parties to a Union application are the member offices (settings ``eaeu_offices``); the
filing office is the one whose code starts the application's ST.13 id. Messages that only the
filing office may send (MSG.028/030/031/040/049/053/061) are refused from anyone else, and
results (MSG.029) and consent requests and lapses (MSG.035/037) are accepted only at the filing
office from a member office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from marknet.errors import InputError
from marknet.model import Procedure, Status, Trademark, record_from_dict
from marknet.procedure.eaeu import filing_office, members, office_actor
from marknet.procedure.engine import Actor, Procedures, Send, StepInput
from marknet.procedure.messages import Message
from marknet.procedure.national import next_number
from marknet.procedure.tables import Role, Workflow


class NotAPartyError(InputError):
    code = "not_a_party"
    http_status = 403


def _member(p: Procedures, message: Message) -> None:
    if message.sender not in members(p):
        raise NotAPartyError(f"rule eaeu.parties: {message.sender} is not a member office "
                        f"({', '.join(members(p))}); {message.code} refused")


def _from_filing_office(p: Procedures, message: Message) -> None:
    _member(p, message)
    if message.sender != filing_office(message.record_id):
        raise NotAPartyError(f"rule eaeu.parties: only the filing office "
                        f"{filing_office(message.record_id)} sends {message.code} about "
                        f"{message.record_id}, not {message.sender}")


def application_received(p: Procedures, m: Message) -> dict[str, Any]:
    """MSG.028: open this office's examination, its period counted from publication."""
    _from_filing_office(p, m)
    if p.office not in members(p):
        raise NotAPartyError(f"rule eaeu.parties: {p.office} is not a member office")
    data = {"application": m.body["application"], "goods": m.body["goods"],
            "filing_office": m.sender, "publication_date": m.body["publication_date"]}
    published = dt.date.fromisoformat(m.body["publication_date"])
    p.transition(m.record_id, Workflow.EAEU_EXAM, "receive", office_actor(m),
                 StepInput(data=data, anchors={"event": published}))
    return {"examination": "opened"}


def result_received(p: Procedures, m: Message) -> dict[str, Any]:
    """MSG.029 at the filing office: an office's decisions per goods item."""
    _member(p, m)
    if filing_office(m.record_id) != p.office:
        raise NotAPartyError(f"rule eaeu.parties: results on {m.record_id} go to its filing office "
                        f"{filing_office(m.record_id)}, not {p.office}")
    case = p.case(m.record_id, Workflow.EAEU)
    result = {"decisions": m.body["goods"], "final": bool(m.body["final"]),
              "examiner": m.body.get("examiner"), "received": p.today().isoformat()}
    results = {**case.data.get("results", {}), m.sender: result}
    payload = {"office": m.sender, "final": result["final"], "goods": m.body["goods"]}
    p.transition(m.record_id, Workflow.EAEU, "result", office_actor(m),
                 StepInput(event_payload=payload, data={"results": results}))
    return {"result": "recorded"}


def arguments_received(p: Procedures, m: Message) -> dict[str, Any]:
    _from_filing_office(p, m)
    p.transition(m.record_id, Workflow.EAEU_EXAM, "arguments", office_actor(m),
                 StepInput(data={"arguments": m.body["arguments"]},
                           log={"arguments": m.body["arguments"]}))
    return {"arguments": "received"}


def observation_received(p: Procedures, m: Message) -> dict[str, Any]:
    _from_filing_office(p, m)
    case = p.case(m.record_id, Workflow.EAEU_EXAM)
    observations = [*case.data.get("observations", []), m.body["observation"]]
    p.transition(m.record_id, Workflow.EAEU_EXAM, "observe", office_actor(m),
                 StepInput(data={"observations": observations},
                           log={"observation": m.body["observation"]}))
    return {"observation": "received"}


def consent_requested(p: Procedures, m: Message) -> dict[str, Any]:
    """MSG.035 at the filing office: an office needs the earlier right holder's consent."""
    _member(p, m)
    _at_filing_office(p, m)
    case = p.case(m.record_id, Workflow.EAEU)
    needed = {**case.data.get("consents_needed", {}), m.sender: m.body}
    p.transition(m.record_id, Workflow.EAEU, "consent_requested", office_actor(m),
                 StepInput(data={"consents_needed": needed}, log=m.body))
    return {"consent": "requested"}


def consent_received(p: Procedures, m: Message) -> dict[str, Any]:
    """MSG.036 at the examining office: the letter; the examiner reconsiders."""
    _from_filing_office(p, m)
    p.transition(m.record_id, Workflow.EAEU_EXAM, "consent_received", office_actor(m),
                 StepInput(data={"consent": m.body["letter"]}, log={"letter": m.body["letter"]}))
    return {"consent": "received"}


def consent_missing(p: Procedures, m: Message) -> dict[str, Any]:
    """MSG.037 at the filing office: deemed withdrawn; every office is told (MSG.044)."""
    _member(p, m)
    _at_filing_office(p, m)
    body = {"reason": f"no consent letter for {m.sender}", "withdrawn": True}
    sends = [Send("MSG.044", office, body) for office in members(p)]
    p.transition(m.record_id, Workflow.EAEU, "deemed_withdrawn", office_actor(m),
                 StepInput(event_payload={"grounds": body["reason"]}, sends=sends))
    return {"application": "deemed withdrawn"}


def withdrawn_received(p: Procedures, m: Message) -> dict[str, Any]:
    """MSG.044: the Union application is withdrawn; this office's examination closes."""
    _from_filing_office(p, m)
    case = p.db.case(m.record_id, Workflow.EAEU_EXAM.value)
    if case is not None and case.state != "closed":
        p.transition(m.record_id, Workflow.EAEU_EXAM, "close", office_actor(m),
                     StepInput(log={"withdrawn": m.body.get("reason", "")}))
    return {"examination": "closed"}


def _at_filing_office(p: Procedures, m: Message) -> None:
    if filing_office(m.record_id) != p.office:
        raise NotAPartyError(f"rule eaeu.parties: {m.code} on {m.record_id} goes to its filing "
                             f"office {filing_office(m.record_id)}, not {p.office}")


def register_entry_received(p: Procedures, m: Message) -> dict[str, Any]:
    """MSG.031/049/053: the Unified Register entry as the filing office states it."""
    _from_filing_office(p, m)
    if m.sender != p.office and "entry" in m.body:
        p.db.save_unified(m.body["entry"], m.body["history"], p.clock().isoformat())
    if m.code == "MSG.031":
        case = p.db.case(m.record_id, Workflow.EAEU_EXAM.value)
        if case is not None and case.state != "closed":
            p.transition(m.record_id, Workflow.EAEU_EXAM, "close", office_actor(m),
                         StepInput(log={"decision": m.body["decision"]}))
    return {"register": "updated"}


def conversion_received(p: Procedures, m: Message) -> dict[str, Any]:
    """MSG.040: file a national application keeping the Union filing and priority dates."""
    _from_filing_office(p, m)
    union = record_from_dict(m.body["application"])
    assert isinstance(union, Trademark)
    national = replace(union, office=p.office, procedure=Procedure.NATIONAL,
                       status=Status.FILED, publications=(),
                       application_number=next_number(p, "application",
                                                      union.filing_date.year))
    applicant = Actor(Role.APPLICANT, f"conversion of {m.record_id}")
    p.transition(national.id, Workflow.TRADEMARK, "file", applicant,
                 StepInput(record=national, data={"converted_from": m.record_id}))
    return {"national_application": national.id}


HANDLERS = {
    "MSG.028": application_received,
    "MSG.029": result_received,
    "MSG.030": arguments_received,
    "MSG.031": register_entry_received,
    "MSG.035": consent_requested,
    "MSG.036": consent_received,
    "MSG.037": consent_missing,
    "MSG.044": withdrawn_received,
    "MSG.040": conversion_received,
    "MSG.049": register_entry_received,
    "MSG.053": register_entry_received,
    "MSG.061": observation_received,
}


def install(p: Procedures) -> None:
    for code, handler in HANDLERS.items():
        p.on(code, handler)
