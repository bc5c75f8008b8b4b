"""Every step of every procedure, by its table name: how it is taken and what it needs.

The CLI (``marknet step``), the API (``POST /api/v1/applications/{id}/actions/{action}``) and
the workbench all call ``take``; ``allowed`` lists what a record's current state permits. A step
is taken one of four ways (``Via``): directly by a person, by a decision per goods item, by a
partner office's message, or by the clock when its deadline passes. Only the first is taken
here; the others are listed so a user sees why a step exists and how it happens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from marknet.errors import InputError, TransitionError
from marknet.model import PartyRole
from marknet.model.dates import add_months
from marknet.procedure import eaeu, gi, national
from marknet.procedure.engine import Actor, Procedures, StepInput
from marknet.procedure.store import Case
from marknet.procedure.tables import TABLES, Role, Step, Workflow


class Via(StrEnum):
    STEP = "step"  # marknet step / POST …/actions/{action}
    DECISION = "decision"  # marknet decide / POST …/decisions
    MESSAGE = "message"  # a partner office's message
    CLOCK = "clock"  # marknet tick, once its deadline has passed


@dataclass(frozen=True, slots=True)
class Need:
    """One detail a step needs from the person taking it."""

    name: str
    what: str
    kind: type = str  # str, or dict for structured details (a producer, a conclusion)

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "what": self.what,
                "kind": "object" if self.kind is dict else "text"}


Details = Mapping[str, Any]
Operation = Callable[[Procedures, str, Actor, Details], Case]


def text(details: Details, key: str) -> str:
    value = details.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"this step needs {key}")
    return value.strip()


def obj(details: Details, key: str) -> dict[str, Any]:
    value = details.get(key)
    if not isinstance(value, dict) or not value:
        raise InputError(f"this step needs {key} as an object")
    return value


# Steps a decision per goods item takes (marknet decide), per workflow.
DECIDED = {
    Workflow.TRADEMARK: frozenset({"decide_partial", "notify", "grant", "refuse"}),
    Workflow.GI: frozenset({"grant", "refuse"}),
    Workflow.EAEU_EXAM: frozenset({"decide_partial", "report", "report_accept", "final_report",
                                   "require_consent"}),
}
# Table steps taken under another name: the Union decision is ``conclude`` either way.
ALIASES = {(Workflow.EAEU, "conclude_register"): "conclude",
           (Workflow.EAEU, "conclude_refuse"): "conclude"}

_CERTIFICATE = Need("certificate", "the certificate's number (its request number)")
_CONCLUSION = Need("conclusion", "the competent authority's conclusion: authority, number, "
                   "date, what it certifies", dict)


def _party(name: str, role: PartyRole) -> dict[str, Any]:
    return {"name": name, "role": role.value}


def _publish(p: Procedures, record_id: str, actor: Actor, _: Details) -> Case:
    workflow = _workflow(p, record_id)
    if workflow is Workflow.EAEU:
        return eaeu.publish(p, record_id, actor)
    return p.transition(record_id, workflow, "publish", actor, national.publish_input(p))


def _register(p: Procedures, record_id: str, actor: Actor, _: Details) -> Case:
    return national.register_trademark(p, record_id, actor)


def _renew(p: Procedures, record_id: str, actor: Actor, _: Details) -> Case:
    if _workflow(p, record_id) is Workflow.EAEU:
        return eaeu.renew(p, record_id, actor)
    return national.renew_trademark(p, record_id, actor)


def _observe(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    workflow = _workflow(p, record_id)
    if workflow is Workflow.EAEU:
        return eaeu.observe(p, record_id, text(details, "text"), actor)
    return p.transition(record_id, workflow, "observe", actor,
                        StepInput(log={"observation": text(details, "text")}))


def _reply(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    return p.transition(record_id, Workflow.TRADEMARK, "reply", actor,
                        StepInput(log={"reply": text(details, "text")}))


def _transfer(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    holder = _party(text(details, "holder"), PartyRole.HOLDER)
    return p.transition(record_id, _workflow(p, record_id), "transfer", actor,
                        StepInput(event_payload={"holders": [holder]}))


def _license(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    licensee = _party(text(details, "licensee"), PartyRole.LICENSEE)
    return p.transition(record_id, _workflow(p, record_id), "license", actor,
                        StepInput(event_payload={"licensee": licensee}))


def _cancel_non_use(p: Procedures, record_id: str, actor: Actor, _: Details) -> Case:
    workflow = _workflow(p, record_id)
    record = p.record(record_id)
    months = p.settings.deadline(p.office, "trademark", "non_use").months
    registered = getattr(record, "registration_date", None)
    if registered is None or add_months(registered, months) > p.today():
        raise TransitionError(f"rule {workflow.value}.cancel_non_use: possible only after "
                              f"{months} months of non-use since registration")
    return p.transition(record_id, workflow, "cancel_non_use", actor)


def _conclude(p: Procedures, record_id: str, actor: Actor, _: Details) -> Case:
    return eaeu.conclude(p, record_id, actor)


def _argue(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    return eaeu.argue(p, record_id, text(details, "office").upper(), text(details, "text"),
                      actor)


def _consent(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    return eaeu.give_consent(p, record_id, text(details, "office").upper(),
                             text(details, "text"), actor)


def _convert(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    offices = details.get("offices") or []
    if not isinstance(offices, list) or not all(isinstance(o, str) for o in offices):
        raise InputError("offices: a list of office codes")
    return eaeu.convert(p, record_id, [o.upper() for o in offices], actor)


def _request_certificate(p: Procedures, record_id: str, actor: Actor,
                         details: Details) -> Case:
    gi.request_certificate(p, record_id, obj(details, "producer"), obj(details, "conclusion"),
                           actor)
    return p.case(record_id, Workflow.GI)


def _issue_certificate(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    return gi.issue_certificate(p, record_id, text(details, "certificate"), actor)


def _renew_certificate(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    return gi.renew_certificate(p, record_id, text(details, "certificate"),
                                obj(details, "conclusion"), actor)


def _terminate_certificate(p: Procedures, record_id: str, actor: Actor,
                           details: Details) -> Case:
    return gi.terminate_certificate(p, record_id, text(details, "certificate"),
                                    text(details, "grounds"), actor)


def _challenge(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    certificate = details.get("certificate")
    return gi.challenge(p, record_id, text(details, "text"),
                        certificate.strip() if isinstance(certificate, str) else None, actor)


def _uphold_challenge(p: Procedures, record_id: str, actor: Actor, _: Details) -> Case:
    return gi.uphold_challenge(p, record_id, actor)


def _end_protection(p: Procedures, record_id: str, actor: Actor, _: Details) -> Case:
    return gi.end_protection(p, record_id, actor)


def _invalidate_gi(p: Procedures, record_id: str, actor: Actor, details: Details) -> Case:
    return p.transition(record_id, Workflow.GI, "invalidate", actor, StepInput(
        event_payload={"grounds": text(details, "grounds")}))


@dataclass(frozen=True, slots=True)
class Way:
    """How a directly taken step is done, and what it needs."""

    operation: Operation | None = None  # None: the table's step as it is
    needs: tuple[Need, ...] = ()


_TEXT = Need("text", "the text: arguments, reply or observation")
_OFFICE = Need("office", "the examining office addressed")
_SHARED: dict[str, Way] = {
    "publish": Way(_publish),
    "renew": Way(_renew),
    "observe": Way(_observe, (_TEXT,)),
    "transfer": Way(_transfer, (Need("holder", "the new holder's name"),)),
    "license": Way(_license, (Need("licensee", "the licensee's name"),)),
}
WAYS: dict[Workflow, dict[str, Way]] = {
    Workflow.TRADEMARK: {**_SHARED, "register": Way(_register), "reply": Way(_reply, (_TEXT,)),
                         "cancel_non_use": Way(_cancel_non_use)},
    Workflow.EAEU: {"publish": _SHARED["publish"], "renew": _SHARED["renew"],
                    "observe": _SHARED["observe"], "conclude": Way(_conclude),
                    "argue": Way(_argue, (_OFFICE, _TEXT)),
                    "consent": Way(_consent, (_OFFICE, Need("text", "the consent letter"))),
                    "convert": Way(_convert, (Need("offices", "the offices to convert to"),))},
    Workflow.GI: {
        "publish": Way(_publish),
        "observe": Way(_observe, (_TEXT,)),
        "request_certificate": Way(_request_certificate, (
            Need("producer", "the producer: name, country, address, identifiers (national "
                 "ids), location {lon, lat} when the area has a boundary", dict),
            _CONCLUSION)),
        "issue_certificate": Way(_issue_certificate, (_CERTIFICATE,)),
        "renew_certificate": Way(_renew_certificate, (_CERTIFICATE, _CONCLUSION)),
        "terminate_certificate": Way(_terminate_certificate, (
            _CERTIFICATE, Need("grounds", "why the right ends early"))),
        "challenge": Way(_challenge, (Need("text", "the grounds of the challenge"),)),
        "uphold_challenge": Way(_uphold_challenge),
        "end_protection": Way(_end_protection),
        "invalidate": Way(_invalidate_gi, (Need("grounds", "why the registration ends"),)),
    },
    Workflow.EAEU_EXAM: {},
}


def via(workflow: Workflow, step: Step) -> Via:
    if step.roles <= {Role.OFFICE}:
        return Via.MESSAGE
    if step.roles <= {Role.CLOCK}:
        return Via.CLOCK
    if step.action in DECIDED.get(workflow, ()):
        return Via.DECISION
    return Via.STEP


def _workflow(p: Procedures, record_id: str) -> Workflow:
    return Workflow(main_case(p, record_id).workflow)


def main_case(p: Procedures, record_id: str) -> Case:
    """The procedure a record runs at this office (its examination of a partner's Union
    application when it holds nothing else)."""
    cases = p.cases(record_id)
    if not cases:
        raise InputError(f"{record_id} has no procedure at the {p.office} office")
    return next((c for c in cases if c.workflow != Workflow.EAEU_EXAM.value), cases[0])


def take(p: Procedures, record_id: str, action: str, actor: Actor,
         details: Details | None = None) -> Case:
    """Take a step of the record's procedure at this office, as its table allows."""
    details = details or {}
    workflow = _workflow(p, record_id)
    action = ALIASES.get((workflow, action), action)
    table = TABLES[workflow]
    ways = WAYS[workflow]
    way = ways.get(action, Way())
    if action not in ways:
        step = table.step(action)  # an unknown name fails here, listing the table's steps
        how = via(workflow, step)
        if how in (Via.MESSAGE, Via.CLOCK):
            raise TransitionError(f"rule {workflow.value}.{action}: taken {_HOW[how]}, "
                                  "not by a person")
        p.check(record_id, workflow, action, actor)
        if how is Via.DECISION:
            raise TransitionError(f"rule {workflow.value}.{action}: taken {_HOW[how]}, "
                                  "not as a step of its own")
    elif action in table.steps:  # who, when and from which state, before the details
        p.check(record_id, workflow, action, actor, ref=_ref(details))
    if way.operation is not None:
        return way.operation(p, record_id, actor, details)
    log = {k: v for k, v in details.items() if isinstance(v, str)}
    return p.transition(record_id, workflow, action, actor, StepInput(log=log))


_HOW = {Via.DECISION: "by a decision per goods item (marknet decide, POST …/decisions)",
        Via.MESSAGE: "when a partner office's message arrives",
        Via.CLOCK: "by the clock when its deadline passes (marknet tick)",
        Via.STEP: "as a step"}


def _ref(details: Details) -> str:
    value = details.get("certificate")
    return value.strip() if isinstance(value, str) else ""


def allowed(p: Procedures, record_id: str) -> dict[str, Any]:
    """The record's procedures at this office, and the steps each one's current state allows:
    who may take each, how (``via``), the name to take it by, and what it needs (with the
    choices the record offers, e.g. its certificates)."""
    cases = p.cases(record_id)
    if not cases:
        raise InputError(f"{record_id} has no procedure at the {p.office} office")
    out: list[dict[str, Any]] = []
    for case in cases:
        workflow = Workflow(case.workflow)
        for step in TABLES[workflow].steps.values():
            if case.state not in step.sources:
                continue
            how = via(workflow, step)
            name = ALIASES.get((workflow, step.action), step.action)
            way = WAYS[workflow].get(name, Way())
            needs = [{**n.to_dict(), **_choices(p, case, step.action, n)}
                     for n in way.needs] if how is Via.STEP else []
            out.append({"workflow": workflow.value, "state": case.state, "action": step.action,
                        "take_as": name, "via": how.value,
                        "roles": sorted(r.value for r in step.roles),
                        "target": step.target or case.state,
                        "event": step.event.value if step.event else None,
                        "needs": needs, "within": step.within, "sends": list(step.messages)})
    taken = [{k: row[k] for k in ("workflow", "action", "from_state", "to_state",
                                  "effective_date")} for row in p.db.history(record_id)]
    return {"id": record_id, "office": p.office,
            "cases": [{"workflow": c.workflow, "state": c.state} for c in cases],
            "steps": out, "taken": taken}


def _choices(p: Procedures, case: Case, action: str, need: Need) -> dict[str, list[str]]:
    if need.name != "certificate":
        return {}
    if action == "issue_certificate":
        requests = case.data.get("certificate_requests", {})
        return {"choices": [n for n, r in requests.items() if not r.get("issued")]}
    certificates = getattr(p.record(case.record_id), "certificates", ())
    return {"choices": [c.number for c in certificates
                        if c.status_on(p.today()).value == "valid"]}
