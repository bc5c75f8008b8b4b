"""The procedures as the API drives them: filing, the examiner's steps, conflict reports and
decisions per goods item. Each call names the person acting, so every register event the
procedures write carries them as ``actor``.
"""

from __future__ import annotations

from typing import Any

from marknet.accounts.users import Principal, Role
from marknet.errors import ForbiddenError, InputError
from marknet.model import Record
from marknet.procedure import national
from marknet.procedure.decisions import Decision
from marknet.procedure.engine import Actor, Procedures, StepInput
from marknet.procedure.examine import conflict_report
from marknet.procedure.filing import prepare_application
from marknet.procedure.store import Case
from marknet.procedure.tables import Role as StepRole
from marknet.procedure.tables import Workflow

# Steps an examiner takes from the workbench besides decisions.
EXAMINER_ACTIONS = frozenset({"pass_formal", "publish", "register", "request_materials",
                              "issue_certificate", "invalidate", "cancel_non_use"})


def file_application(p: Procedures, principal: Principal, body: Any, eaeu: bool) -> Record:
    user = principal.require(Role.APPLICANT)
    record = prepare_application(body, p.office, eaeu, p.today(),
                                 lambda year: national.next_number(p, "application", year))
    actor = Actor(StepRole.APPLICANT, user.username)
    with p.store.transaction():
        p.transition(record.id, national.workflow_of(record), "file", actor,
                     StepInput(record=record))
        p.store.add_filing(record.id, user.id, p.clock())
    return record


def examiner(p: Procedures, principal: Principal, record: Record) -> Actor:
    """The examiner acting, who must belong to the office that runs the record's procedure."""
    user = principal.require(Role.EXAMINER)
    if user.office != record.office or user.office != p.office:
        raise ForbiddenError(f"an examiner of {user.office} cannot act on the {record.office} "
                             "office's applications")
    return Actor(StepRole.EXAMINER, user.username, user.office or "")


def main_case(p: Procedures, record_id: str) -> Case:
    cases = [c for c in p.cases(record_id) if c.workflow != Workflow.EAEU_EXAM.value]
    if not cases:
        cases = p.cases(record_id)
    if not cases:
        raise InputError(f"{record_id} has no procedure at the {p.office} office")
    return cases[0]


def act(p: Procedures, principal: Principal, record_id: str, action: str) -> Case:
    record = p.record(record_id)
    actor = examiner(p, principal, record)
    if action not in EXAMINER_ACTIONS:
        raise InputError(f"action must be one of {', '.join(sorted(EXAMINER_ACTIONS))}")
    case = main_case(p, record_id)
    workflow = Workflow(case.workflow)
    if action == "register" and workflow is Workflow.TRADEMARK:
        return national.register_trademark(p, record_id, actor)
    given = national.publish_input(p) if action == "publish" else StepInput()
    return p.transition(record_id, workflow, action, actor, given)


def report(p: Procedures, principal: Principal, record_id: str) -> dict[str, Any]:
    record = p.record(record_id)
    examiner(p, principal, record)
    found = conflict_report(p.store, record, p.office, p.today(),
                            p.settings.conflict_threshold, p.finder)
    return found.to_dict()


def decide(p: Procedures, principal: Principal, record_id: str,
           items: list[dict[str, Any]]) -> Case:
    """Decisions per goods item: accepted ones together, then each refused one with its
    grounds and citations, so every refusal keeps its own reasons."""
    record = p.record(record_id)
    actor = examiner(p, principal, record)
    if not items:
        raise InputError("items: decide at least one goods item")
    case = main_case(p, record_id)
    accepted = tuple(int(i["nice_class"]) for i in items if i["decision"] == "accept")
    decisions = [Decision(actor, True, accepted)] if accepted else []
    decisions += [Decision(actor, False, (int(i["nice_class"]),), i.get("grounds") or "",
                           tuple(i.get("cited") or ())) for i in items
                  if i["decision"] == "refuse"]
    decide_one = national.decide_gi if case.workflow == Workflow.GI.value else \
        national.decide_trademark
    with p.store.transaction():
        for decision in decisions:
            case = decide_one(p, main_case(p, record_id), decision)
    return case
