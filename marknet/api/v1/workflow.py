"""The procedures as the API drives them. This layer only says who acts: it maps the signed-in
principal to the procedure's actor and checks that the principal may act on the record; every
step itself is the procedure service's (``marknet.procedure.service``), the same the CLI and the
workbench call, so each interface records and sends exactly the same things.
"""

from __future__ import annotations

from typing import Any

from marknet.accounts.users import Principal, Role
from marknet.errors import ForbiddenError, InputError
from marknet.model import Record
from marknet.procedure import service, steps
from marknet.procedure.decisions import Decision
from marknet.procedure.engine import Actor, Procedures
from marknet.procedure.examine import conflict_report
from marknet.procedure.store import Case
from marknet.procedure.tables import TABLES, Workflow
from marknet.procedure.tables import Role as StepRole


def file_application(p: Procedures, principal: Principal, body: Any, eaeu: bool) -> Record:
    user = principal.require(Role.APPLICANT)
    actor = Actor(StepRole.APPLICANT, user.username)
    with p.store.transaction():
        case = service.file(p, body, actor, eaeu_flag=eaeu)
        p.store.add_filing(case.record_id, user.id, p.clock())
    return p.record(case.record_id)


def examiner(p: Procedures, principal: Principal, record: Record) -> Actor:
    """The examiner acting, who must belong to the office that runs the record's procedure."""
    user = principal.require(Role.EXAMINER)
    if user.office != record.office or user.office != p.office:
        raise ForbiddenError(f"an examiner of {user.office} cannot act on the {record.office} "
                             "office's applications")
    return Actor(StepRole.EXAMINER, user.username, user.office or "")


def actor_for(p: Procedures, principal: Principal, record_id: str, action: str) -> Actor:
    """Who the principal is in this step: the office's examiner, the applicant who filed it,
    or, for a step only a third party takes (observations), any signed-in user."""
    user = principal.require(Role.EXAMINER, Role.APPLICANT)
    if user.role is Role.EXAMINER:
        return examiner(p, principal, p.record(record_id))
    workflow = Workflow(steps.main_case(p, record_id).workflow)
    step = TABLES[workflow].steps.get(action)
    if step is not None and step.roles == {StepRole.THIRD_PARTY}:
        return Actor(StepRole.THIRD_PARTY, user.username)
    if record_id not in p.store.filings_of(user.id, [record_id]):
        raise ForbiddenError(f"{user.username} did not file {record_id}; only its applicant "
                             "or holder takes this step")
    return Actor(StepRole.APPLICANT, user.username)


def act(p: Procedures, principal: Principal, record_id: str, action: str,
        details: dict[str, Any] | None = None) -> Case:
    actor = actor_for(p, principal, record_id, action)
    return service.advance(p, record_id, action, actor, details)


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
    actor = examiner(p, principal, p.record(record_id))
    if not items:
        raise InputError("items: decide at least one goods item")
    consent = [i for i in items if i["decision"] == "consent_needed"]
    if consent:
        if len(consent) != len(items):
            raise InputError("items: ask for consent, or decide; not both in one request")
        cited = tuple(sorted({c.strip().upper() for i in consent for c in i.get("cited") or ()}))
        goods = tuple(int(i["nice_class"]) for i in consent)
        return service.require_consent(p, record_id, goods, cited, actor)
    accepted = tuple(int(i["nice_class"]) for i in items if i["decision"] == "accept")
    decisions = [Decision(actor, True, accepted)] if accepted else []
    decisions += [Decision(actor, False, (int(i["nice_class"]),), i.get("grounds") or "",
                           tuple(i.get("cited") or ())) for i in items
                  if i["decision"] == "refuse"]
    return service.decide(p, record_id, decisions)
