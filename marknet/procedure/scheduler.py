"""The clock: run every transition whose deadline has passed, once.

A deadline is due when its last day is over (``today > due``). Each clock step and the
deadline's ``lapsed`` mark are written in one transaction, so a crash in between leaves the
deadline open and the next tick does it; a second tick at the same time finds nothing to do.
Steps may open deadlines that are already over (a renewal term passed long ago): the scheduler
repeats until nothing is due.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marknet.errors import MarknetError
from marknet.procedure import eaeu, gi
from marknet.procedure.engine import CLOCK, Procedures, StepInput
from marknet.procedure.store import Case, DeadlineRow
from marknet.procedure.tables import Workflow

_MAX_ROUNDS = 50


@dataclass(slots=True)
class TickReport:
    now: str
    done: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"now": self.now, "done": self.done, "skipped": self.skipped}


def _certificate_lapsed(p: Procedures, row: DeadlineRow) -> Case:
    return gi.certificate_lapsed(p, row.record_id, row.ref)


def _end_protection(p: Procedures, row: DeadlineRow) -> Case:
    return gi.end_protection(p, row.record_id, CLOCK)


def _conclude(p: Procedures, row: DeadlineRow) -> Case:
    return eaeu.conclude(p, row.record_id, CLOCK)


def _union_expire(p: Procedures, row: DeadlineRow) -> Case:
    return eaeu.expire(p, row.record_id)


def _arguments_lapsed(p: Procedures, row: DeadlineRow) -> Case:
    return eaeu.arguments_lapsed(p, row.record_id)


def _consent_lapsed(p: Procedures, row: DeadlineRow) -> Case:
    return eaeu.consent_lapsed(p, row.record_id)


# Clock steps that need more than the table's own step: payloads, messages, a choice.
SPECIAL: dict[tuple[str, str], Callable[[Procedures, DeadlineRow], Case]] = {
    ("gi", "certificate_lapsed"): _certificate_lapsed,
    ("gi", "end_protection"): _end_protection,
    ("eaeu", "conclude"): _conclude,
    ("eaeu", "expire"): _union_expire,
    ("eaeu_exam", "arguments_lapsed"): _arguments_lapsed,
    ("eaeu_exam", "consent_lapsed"): _consent_lapsed,
}


def _run(p: Procedures, row: DeadlineRow) -> None:
    assert row.clock_action is not None
    special = SPECIAL.get((row.workflow, row.clock_action))
    with p.store.transaction():
        if special is not None:
            special(p, row)
        else:
            p.transition(row.record_id, Workflow(row.workflow), row.clock_action, CLOCK,
                         StepInput(ref=row.ref))
        p.db.close_deadlines(row.record_id, row.workflow, (row.name,), p.today(), "lapsed",
                             ref=row.ref)


def _ready_unions(p: Procedures) -> list[str]:
    """Union applications whose every office has sent its final result."""
    rows = p.store.query("SELECT record_id FROM procedure_cases WHERE workflow = ? AND state = ?",
                         (Workflow.EAEU.value, "offices_examining"))
    return [r[0] for r in rows if eaeu.ready(p, p.case(r[0], Workflow.EAEU))]


def tick(p: Procedures) -> TickReport:
    """Run what is due at ``p.clock()``; deliver the messages the steps wrote."""
    report = TickReport(p.clock().isoformat())
    failed: set[tuple[str, str, str, str]] = set()
    for _ in range(_MAX_ROUNDS):
        p.flush()
        due = [r for r in p.db.deadlines() if r.clock_action and r.due < p.today()
               and (r.record_id, r.workflow, r.name, r.ref) not in failed]
        unions = _ready_unions(p)
        if not due and not unions:
            break
        for row in due:
            entry = {"record_id": row.record_id, "workflow": row.workflow,
                     "deadline": row.name, "ref": row.ref, "due": row.due.isoformat(),
                     "action": row.clock_action}
            try:
                _run(p, row)
                report.done.append(entry)
            except MarknetError as exc:  # stays open; reported, retried on the next tick
                failed.add((row.record_id, row.workflow, row.name, row.ref))
                report.skipped.append({**entry, "reason": exc.message})
        for record_id in unions:
            eaeu.conclude(p, record_id, CLOCK)
            report.done.append({"record_id": record_id, "workflow": "eaeu",
                                "action": "conclude", "reason": "every office's final result"})
    p.flush()
    return report
