"""National procedures (RU, BY): trademarks and GIs/AOs with producers' certificates.

Each operation works out the details of one step (numbers, dates, payloads) and hands it to
``Procedures.transition``, which checks the table and records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

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


def decide_trademark(p: Procedures, case: Case, decisions: Sequence[dec.Decision]) -> Case:
    """Accumulate decisions per goods item; once all are decided: notice, grant or refusal."""
    record = p.record(case.record_id)
    items = goods_items(record)
    entries, each = dec.batch(p, case, items, decisions)
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
        case = p.transition(case.record_id, Workflow.TRADEMARK, action, decisions[0].examiner,
                            StepInput(event_payload=payload, data={"decisions": merged},
                                      log=dec.log(entries, decisions)))
        for decision, own in zip(decisions, each, strict=True):
            dec.record(p, case, action, decision, own)
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
