"""The procedures' public operations, as the CLI and the API call them."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from marknet.errors import NotFoundError, TransitionError
from marknet.model import Event, GeographicalIndication, Trademark
from marknet.procedure import decisions as dec
from marknet.procedure import eaeu, gi, handlers, national, steps
from marknet.procedure.engine import Actor, Procedures, StepInput
from marknet.procedure.examine import ConflictReport, conflict_report
from marknet.procedure.filing import prepare_application
from marknet.procedure.messages import Transport
from marknet.procedure.store import Case
from marknet.procedure.tables import Workflow
from marknet.register import Register
from marknet.settings import ProcedureSettings
from marknet.store import Store


def open_procedures(store: Store, register: Register, settings: ProcedureSettings,
                    clock: Callable[[], dt.datetime] | None = None,
                    transport: Transport | None = None) -> Procedures:
    p = Procedures(store, register, settings, clock, transport)
    handlers.install(p)
    return p


def file(p: Procedures, data: Any, actor: Actor, eaeu_flag: bool = False) -> Case:
    """File an application at this office: national, or Union with this office as filing."""
    record = prepare_application(
        data, p.office, eaeu_flag, p.today(),
        lambda year: national.next_number(p, "application", year))
    workflow = national.workflow_of(record)
    if isinstance(record, GeographicalIndication):
        gi.check_application(p, record)
    if workflow is Workflow.EAEU and p.office not in p.settings.eaeu_offices:
        raise TransitionError(f"rule eaeu.file: {p.office} is not an EAEU member office")
    case = p.transition(record.id, workflow, "file", actor, StepInput(record=record))
    p.flush()
    return case


def examination_case(p: Procedures, record_id: str) -> Case:
    """The case an examiner of this office decides: its own examination of a Union mark."""
    cases = {c.workflow: c for c in p.cases(record_id)}
    for workflow in (Workflow.EAEU_EXAM, Workflow.TRADEMARK, Workflow.GI):
        if workflow.value in cases:
            return cases[workflow.value]
    raise NotFoundError(f"nothing for the {p.office} office to examine on {record_id}",
                        id=record_id)


def examine(p: Procedures, record_id: str) -> ConflictReport:
    """Conflict report per goods item; kept on the case so a decision can cite from it."""
    case = examination_case(p, record_id)
    report = conflict_report(p.store, p.record(record_id), p.office, p.today(),
                             p.settings.conflict_threshold, p.finder)
    with p.store.transaction():
        case.data["conflict_report"] = {"generated_on": report.generated_on,
                                        "cited": sorted(report.cited())}
        p.db.save_case(case, p.clock().isoformat())
    return report


def decide(p: Procedures, record_id: str, decision: dec.Decision | Sequence[dec.Decision],
           for_office: str | None = None) -> Case:
    """Decisions per goods item, taken together as one step of the examination."""
    decisions = [decision] if isinstance(decision, dec.Decision) else list(decision)
    office = (for_office or p.office).upper()
    if office != p.office:
        raise TransitionError(f"rule decision.office: {office}'s examination is decided at the "
                              f"{office} office; this node is {p.office}")
    case = examination_case(p, record_id)
    if case.workflow == Workflow.EAEU_EXAM.value:
        case = eaeu.decide(p, record_id, decisions)
    elif case.workflow == Workflow.GI.value:
        case = gi.decide(p, case, decisions)
    else:
        case = national.decide_trademark(p, case, decisions)
    p.flush()
    return case


def require_consent(p: Procedures, record_id: str, goods: tuple[int, ...],
                    earlier_rights: tuple[str, ...], examiner: Actor) -> Case:
    """This office's examination of a Union mark asks for the earlier holder's consent."""
    case = eaeu.require_consent(p, record_id, goods, earlier_rights, examiner)
    p.flush()
    return case


def advance(p: Procedures, record_id: str, action: str, actor: Actor,
            details: dict[str, Any] | None = None) -> Case:
    """Any other step of the record's procedure, by the table's name for it; the messages it
    sends leave (to the outbox, or handled at once when addressed to this office) before this
    returns, whichever interface called."""
    case = steps.take(p, record_id, action, actor, details)
    p.flush()
    return case


def history(p: Procedures, record_id: str) -> dict[str, Any]:
    """Everything this node knows of a record's procedure, in order."""
    events: list[Event] = []
    with contextlib.suppress(NotFoundError):
        events = p.register.history(record_id)
    cases = p.cases(record_id)
    if not events and not cases and p.db.unified_entry(record_id) is None:
        raise NotFoundError(f"no record {record_id}", id=record_id)
    return {
        "record_id": record_id,
        "cases": [{"workflow": c.workflow, "state": c.state, "office": c.office} for c in cases],
        "register": [{"seq": e.seq, "type": e.type.value, "date": e.effective_date.isoformat(),
                      "actor": e.actor} for e in events],
        "steps": p.db.history(record_id),
        "decisions": p.db.decisions(record_id),
        "deadlines": [d.to_dict() for d in p.db.deadlines(status=None, record_id=record_id)],
        "messages": p.db.messages(record_id),
        "unified_register": p.db.unified_entry(record_id),
    }


def is_union(p: Procedures, record_id: str) -> bool:
    record = p.record(record_id)
    return isinstance(record, Trademark) and record.procedure.value == "eaeu"
