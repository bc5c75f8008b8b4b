"""National procedures (RU, BY): trademarks and GIs/AOs with producers' certificates.

Each operation works out the details of one step (numbers, dates, payloads) and hands it to
``Procedures.transition``, which checks the table and records it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from marknet.errors import InputError, TransitionError
from marknet.model import GeographicalIndication, Record, Trademark, record_to_dict
from marknet.model.dates import add_months
from marknet.procedure import decisions as dec
from marknet.procedure.calendar import due_date
from marknet.procedure.engine import Actor, Procedures, StepInput
from marknet.procedure.filing import goods_items
from marknet.procedure.store import Case
from marknet.procedure.tables import Workflow


def next_number(p: Procedures, kind: str, year: int) -> str:
    """The office's next serial for a year: ``2026000001`` (Rospatent style: year + serial)."""
    key = f"procedure.{kind}.{p.office}.{year}"
    with p.store.transaction():
        serial = int(p.store.get_meta(key) or 0) + 1
        while kind == "application" and p.store.query(
                "SELECT 1 FROM records WHERE office = ? AND application_number = ?",
                (p.office, f"{year}{serial:06d}")):
            serial += 1  # taken by an imported record: a filing must never collide
        p.store.set_meta(key, str(serial))
    return f"{year}{serial:06d}"


def workflow_of(record: Record) -> Workflow:
    if isinstance(record, GeographicalIndication):
        return Workflow.GI
    return Workflow.EAEU if record.procedure.value == "eaeu" else Workflow.TRADEMARK


# -- examination steps ---------------------------------------------------------------------
def publish_input(p: Procedures) -> StepInput:
    today = p.today().isoformat()
    return StepInput(event_payload={"bulletin": f"{p.office}-{today}", "date": today})


def decide_trademark(p: Procedures, case: Case, decision: dec.Decision) -> Case:
    """Accumulate decisions per goods item; once all are decided: notice, grant or refusal."""
    record = p.record(case.record_id)
    items = goods_items(record)
    entries = dec.per_goods(p, case, items, decision)
    merged = dec.merged(case, entries)
    refused = dec.refused(merged)
    if dec.undecided(items, merged):
        action = "decide_partial"
    elif refused and case.state == "substantive_examination":
        action = "notify"  # the applicant may answer before any refusal (art. 1499)
    elif len(refused) == len(items):
        action = "refuse"
    else:
        action = "grant"
    payload = {"stage": action, **dec.summary(merged)}
    with p.store.transaction():
        case = p.transition(case.record_id, Workflow.TRADEMARK, action, decision.examiner,
                            StepInput(event_payload=payload, data={"decisions": merged},
                                      log={"goods": sorted(entries), "grounds": decision.grounds,
                                           "cited": list(decision.cited)}))
        dec.record(p, case, action, decision, entries)
    return case


def decide_gi(p: Procedures, case: Case, decision: dec.Decision) -> Case:
    record = p.record(case.record_id)
    entries = dec.per_goods(p, case, goods_items(record), decision)
    action = "grant" if decision.accept else "refuse"
    payload: dict[str, Any] = dec.summary(entries)
    if decision.accept:
        payload = {"registration_number": next_number(p, "gi-registration", p.today().year),
                   "registration_date": p.today().isoformat()}
    with p.store.transaction():
        case = p.transition(case.record_id, Workflow.GI, action, decision.examiner,
                            StepInput(event_payload=payload, data={"decisions": entries}))
        dec.record(p, case, action, decision, entries)
    return case


def register_trademark(p: Procedures, record_id: str, examiner: Actor) -> Case:
    """Enter a granted mark in the register, for the goods the decision left it."""
    record = p.record(record_id)
    if not isinstance(record, Trademark):
        raise InputError(f"{record_id} is not a trademark")
    case = p.case(record_id, Workflow.TRADEMARK)
    refused = set(dec.refused(case.data.get("decisions", {})))
    goods = [record_to_dict(replace(record, goods_services=(g,)))["goods_services"][0]
             for g in record.goods_services if g.nice_class not in refused]
    term = p.settings.deadline(p.office, "trademark", "term").months
    expiry = add_months(record.filing_date, term)
    payload = {"registration_number": next_number(p, "registration", p.today().year),
               "registration_date": p.today().isoformat(), "expiry_date": expiry.isoformat(),
               "goods_services": goods}
    return p.transition(record_id, Workflow.TRADEMARK, "register", examiner,
                        StepInput(event_payload=payload, anchors={"expiry": expiry}))


# -- renewal -------------------------------------------------------------------------------
def renewal_window(p: Procedures, office: str, procedure: str,
                   expiry: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day a renewal may be requested (the grace period included)."""
    window = p.settings.deadline(office, procedure, "renewal_window").months
    grace = p.settings.deadline(office, procedure, "grace").months
    return add_months(expiry, -window), due_date(expiry, grace, office)


def renewal_input(p: Procedures, workflow: Workflow, record: Record) -> StepInput:
    expiry = getattr(record, "expiry_date", None)
    if expiry is None:
        raise TransitionError(f"rule {workflow.value}.renew: {record.id} has no term to renew")
    opens, closes = renewal_window(p, record.office, TABLE_PROCEDURE[workflow], expiry)
    today = p.today()
    if not opens <= today <= closes:
        raise TransitionError(
            f"rule {workflow.value}.renew: renewal is possible from {opens.isoformat()} to "
            f"{closes.isoformat()} (last year of the term ending {expiry.isoformat()}, then "
            f"grace); not on {today.isoformat()}")
    term = p.settings.deadline(record.office, TABLE_PROCEDURE[workflow], "term").months
    new_expiry = add_months(expiry, term)
    return StepInput(event_payload={"expiry_date": new_expiry.isoformat(),
                                    "surcharge": today > expiry},
                     anchors={"expiry": new_expiry})


TABLE_PROCEDURE = {Workflow.TRADEMARK: "trademark", Workflow.EAEU: "eaeu", Workflow.GI: "gi"}


def renew_trademark(p: Procedures, record_id: str, actor: Actor) -> Case:
    given = renewal_input(p, Workflow.TRADEMARK, p.record(record_id))
    return p.transition(record_id, Workflow.TRADEMARK, "renew", actor, given)


# -- producers' certificates ---------------------------------------------------------------
def request_certificate(p: Procedures, gi_id: str, producer: dict[str, Any],
                        conclusion: dict[str, Any] | None, actor: Actor) -> str:
    """A producer from the area applies for its certificate of the right to use the name."""
    if not producer.get("name"):
        raise InputError("rule gi.request_certificate: the producer's name is required")
    if not conclusion or not conclusion.get("authority"):
        raise InputError("rule gi.request_certificate: a conclusion of the competent "
                         "authority (authority, date) is required")
    number = next_number(p, "certificate", p.today().year)
    case = p.case(gi_id, Workflow.GI)
    requests = {**case.data.get("certificate_requests", {}), number: {
        "producer": {**producer, "role": "producer"}, "conclusion": conclusion,
        "filing_date": p.today().isoformat()}}
    p.transition(gi_id, Workflow.GI, "request_certificate", actor,
                 StepInput(data={"certificate_requests": requests}, ref=number,
                           log={"request": number, "producer": producer["name"]}))
    return number


def issue_certificate(p: Procedures, gi_id: str, number: str, examiner: Actor) -> Case:
    case = p.case(gi_id, Workflow.GI)
    request = case.data.get("certificate_requests", {}).get(number)
    if request is None:
        raise InputError(f"rule gi.issue_certificate: no certificate request {number} on "
                         f"{gi_id}")
    filed = dt.date.fromisoformat(request["filing_date"])
    term = p.settings.deadline(p.office, "gi", "certificate_term").months
    expiry = add_months(filed, term)
    certificate = {"number": number, "producer": request["producer"],
                   "filing_date": request["filing_date"],
                   "registration_date": p.today().isoformat(), "expiry_date": expiry.isoformat(),
                   "status": "valid", "conclusion": request["conclusion"]}
    return p.transition(gi_id, Workflow.GI, "issue_certificate", examiner,
                        StepInput(event_payload={"certificate": certificate}, ref=number,
                                  anchors={"ref": expiry}))


def renew_certificate(p: Procedures, gi_id: str, number: str, conclusion: dict[str, Any] | None,
                      actor: Actor) -> Case:
    """Renewal in the certificate's last year (or grace) with a fresh competent conclusion."""
    gi = p.record(gi_id)
    found = [c for c in getattr(gi, "certificates", ()) if c.number == number]
    if not found or found[0].expiry_date is None:
        raise InputError(f"rule gi.renew_certificate: no certificate {number} on {gi_id}")
    if not conclusion or not conclusion.get("authority"):
        raise InputError("rule gi.renew_certificate: a fresh conclusion of the competent "
                         "authority is required")
    expiry = found[0].expiry_date
    window = p.settings.deadline(p.office, "gi", "certificate_renewal_window").months
    grace = p.settings.deadline(p.office, "gi", "certificate_grace").months
    opens, closes = add_months(expiry, -window), due_date(expiry, grace, p.office)
    if not opens <= p.today() <= closes:
        raise TransitionError(f"rule gi.renew_certificate: renewal is possible from "
                              f"{opens.isoformat()} to {closes.isoformat()}")
    term = p.settings.deadline(p.office, "gi", "certificate_term").months
    new_expiry = add_months(expiry, term)
    return p.transition(gi_id, Workflow.GI, "renew_certificate", actor, StepInput(
        event_payload={"number": number, "expiry_date": new_expiry.isoformat(),
                       "conclusion": conclusion},
        ref=number, anchors={"ref": new_expiry}))


def terminate_certificate(p: Procedures, gi_id: str, number: str, grounds: str,
                          examiner: Actor) -> Case:
    """End a producer's right early: properties lost, producer liquidated, a challenge."""
    gi = p.record(gi_id)
    found = [c for c in getattr(gi, "certificates", ()) if c.number == number]
    if not found:
        raise InputError(f"rule gi.terminate_certificate: no certificate {number} on {gi_id}")
    if found[0].status != "valid":
        raise TransitionError(f"rule gi.terminate_certificate: certificate {number} is "
                              f"{found[0].status}, not valid")
    return p.transition(gi_id, Workflow.GI, "terminate_certificate", examiner, StepInput(
        event_payload={"number": number, "grounds": grounds,
                       "termination_date": p.today().isoformat()}, ref=number))
