"""The one ``transition()`` of the procedures: check the table, then record everything at once.

A step's legal event (through the register's guarded ``transition``), the case's new state and
data, the log entry, the deadlines it opens and closes and the messages it sends are written in
one store transaction: a refused step changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from marknet.errors import InputError, MarknetError, NotFoundError, TransitionError
from marknet.model import EventType, Record, record_from_dict
from marknet.procedure.calendar import describe, due_date
from marknet.procedure.examine import Finder
from marknet.procedure.messages import Message, Outbox, Transport
from marknet.procedure.store import Case, DeadlineRow, ProcedureStore, dumps
from marknet.procedure.tables import NEW, TABLES, Role, Step, Table, Workflow
from marknet.register import Register
from marknet.settings import ProcedureSettings
from marknet.store import Store


@dataclass(frozen=True, slots=True)
class Actor:
    role: Role
    name: str
    office: str = ""

    @property
    def label(self) -> str:
        where = f"@{self.office}" if self.office else ""
        return f"{self.role.value}:{self.name}{where}"


CLOCK = Actor(Role.CLOCK, "clock")


@dataclass(frozen=True, slots=True)
class Send:
    """A message a step sends: its P.SP.02 code, the recipient office, the body."""

    code: str
    recipient: str
    body: dict[str, Any]


@dataclass(slots=True)
class StepInput:
    """What a caller adds to a step: payload of the legal event, case data, log details."""

    event_payload: dict[str, Any] = field(default_factory=dict)
    record: Record | None = None  # the new record, for ``file``
    data: dict[str, Any] = field(default_factory=dict)
    log: dict[str, Any] = field(default_factory=dict)
    sends: Sequence[Send] = ()
    anchors: Mapping[str, dt.date] = field(default_factory=dict)
    ref: str = ""
    office: str | None = None  # the office that runs this procedure, when not this node's


MessageHandler = Callable[["Procedures", Message], dict[str, Any]]


class Procedures:
    """One node's procedures: cases over its register, deadlines, and messages to partners."""

    def __init__(self, store: Store, register: Register, settings: ProcedureSettings,
                 clock: Callable[[], dt.datetime] | None = None,
                 transport: Transport | None = None) -> None:
        self.store = store
        self.register = register
        self.office = register.office
        self.settings = settings
        self.clock = clock or register.clock
        self.db = ProcedureStore(store)
        self.outbox = Outbox(store, self.office, self.clock)
        self.transport = transport
        # How examination finds earlier rights; None: scan the store (see procedure.examine).
        self.finder: Finder | None = None
        self.handlers: dict[str, MessageHandler] = {}
        self._flushing = False

    # -- reading -------------------------------------------------------------------------------
    def today(self) -> dt.date:
        return self.clock().date()

    def case(self, record_id: str, workflow: Workflow | str) -> Case:
        found = self.db.case(record_id, Workflow(workflow).value)
        if found is None:
            raise NotFoundError(f"no {Workflow(workflow).value} procedure for {record_id} at the "
                                f"{self.office} office", id=record_id)
        return found

    def cases(self, record_id: str) -> list[Case]:
        return self.db.cases_of(record_id)

    def record(self, record_id: str) -> Record:
        """The record as this node knows it: its register, or the application a partner sent."""
        stored = self.store.get_records([record_id]).get(record_id)
        if stored is not None:
            return record_from_dict(stored.data)
        exam = self.db.case(record_id, Workflow.EAEU_EXAM.value)
        if exam is not None:
            return record_from_dict(exam.data["application"])
        raise NotFoundError(f"no record {record_id}", id=record_id)

    # -- the transition ------------------------------------------------------------------------
    def transition(self, record_id: str, workflow: Workflow, action: str, actor: Actor,
                   given: StepInput | None = None) -> Case:
        given = given or StepInput()
        table = TABLES[workflow]
        step = table.step(action)
        rule = f"rule {workflow.value}.{action}"
        case = self.check(record_id, workflow, action, actor, given.office, given.ref)
        for send in given.sends:
            if send.code not in step.messages:
                raise TransitionError(f"{rule}: {action} does not send {send.code}")
        with self.store.transaction():
            case = case or Case(record_id, workflow.value, given.office or self.office, NEW)
            self._write(table, step, case, actor, given)
        return case

    def check(self, record_id: str, workflow: Workflow, action: str, actor: Actor,
              office: str | None = None, ref: str = "") -> Case | None:
        """Refuse the step if the table does not allow it now (who, when, from which state),
        before any of its details are worked out; the case as it stands, if any."""
        step = TABLES[workflow].step(action)
        rule = f"rule {workflow.value}.{action}"
        self._check_actor(rule, step, actor, office or self.office)
        self._check_within(rule, step, record_id, workflow, ref)
        case = self.db.case(record_id, workflow.value)
        state = case.state if case is not None else NEW
        if state not in step.sources:
            allowed = ", ".join(sorted(step.sources))
            raise TransitionError(f"{rule}: {record_id} is {state}; {action} is allowed only "
                                  f"when {allowed}", state=state, action=action)
        return case

    def _check_actor(self, rule: str, step: Step, actor: Actor, office: str) -> None:
        if actor.role not in step.roles:
            who = " or ".join(sorted(r.value for r in step.roles))
            raise TransitionError(f"{rule}: only the {who} may {step.action}, not the "
                                  f"{actor.role.value} {actor.name}")
        if actor.role is Role.EXAMINER and actor.office != office:
            raise TransitionError(f"{rule}: an examiner of {actor.office or 'no office'} cannot "
                                  f"act in the {office} office's procedure")

    def _check_within(self, rule: str, step: Step, record_id: str, workflow: Workflow,
                      ref: str) -> None:
        if step.within is None:
            return
        row = self.db.deadline(record_id, workflow.value, step.within, ref)
        if row is not None and row.status in ("open", "lapsed") and self.today() > row.due:
            raise TransitionError(f"{rule}: the {step.within} period ended on "
                                  f"{row.due.isoformat()} ({row.rule})", due=row.due.isoformat())

    def _write(self, table: Table, step: Step, case: Case, actor: Actor,
               given: StepInput) -> None:
        today = self.today()
        event_type = self._legal_event(step, case, actor, given)
        before = case.state
        case.state = step.target or case.state
        case.data.update(given.data)
        now = self.clock().isoformat()
        self.db.save_case(case, now)
        self.db.log(case, step.action, actor.label, before, today, now,
                    event_type.value if event_type else None, given.log)
        closing: tuple[str, ...] | None = step.closes
        if case.state in table.terminal:
            closing = None  # an ended procedure has no deadlines left
        self.db.close_deadlines(case.record_id, case.workflow, closing, today,
                                ref=given.ref if step.closes and given.ref else None)
        for name in step.opens:
            self.open_deadline(table, case, name, given)
        for send in given.sends:
            self.outbox.enqueue(send.recipient, send.code, case.record_id,
                                {**send.body, "record_id": case.record_id})

    def _legal_event(self, step: Step, case: Case, actor: Actor,
                     given: StepInput) -> EventType | None:
        if step.event is None or case.office != self.office:
            return None  # another office's procedure: its register is not ours to write
        if step.event is EventType.FILED:
            if given.record is None:
                raise InputError("filing needs the application")
            self.register.file(given.record, actor.label)
        else:
            self.register.transition(case.record_id, step.event, actor.label,
                                     given.event_payload, self.today())
        return step.event

    def open_deadline(self, table: Table, case: Case, name: str, given: StepInput) -> None:
        kind = table.deadlines[name]
        anchor = given.anchors.get(kind.anchor, self.today())
        if kind.setting is None:
            due, text = anchor, describe(name, None)
        else:
            setting = self.settings.deadline(case.office, table.procedure, kind.setting)
            due, text = due_date(anchor, setting.months, case.office), describe(name, setting)
        self.db.open_deadline(DeadlineRow(case.record_id, case.workflow, name, given.ref,
                                          case.office, anchor, due, kind.clock_action, "open",
                                          text))

    # -- messages ------------------------------------------------------------------------------
    def on(self, code: str, handler: MessageHandler) -> None:
        self.handlers[code] = handler

    def receive(self, message: Message) -> dict[str, Any]:
        """Handle a partner's message once; answer with a receipt either way."""
        receipt = {"message_id": message.id, "office": self.office}
        with self.store.transaction():
            if self.db.seen(message.id):
                return {**receipt, "status": "duplicate"}
            handler = self.handlers.get(message.code)
            if handler is None:
                raise InputError(f"the {self.office} office does not handle {message.code}")
            result = handler(self, message)
            self.store.execute(
                "INSERT INTO procedure_inbox VALUES (?, ?, ?, ?, ?, ?)",
                (message.id, message.code, message.sender, message.record_id,
                 dumps(message.body), self.clock().isoformat()))
        return {**receipt, "status": "processed", **result}

    def flush(self) -> int:
        """Deliver pending messages; re-entrant calls (from a partner's answer) wait their turn.

        Messages to this office itself (the filing office examines too) are handled here.
        """
        if self._flushing:
            return 0
        self._flushing = True
        try:
            return self.outbox.flush(_SelfFirst(self, self.transport))
        finally:
            self._flushing = False


@dataclass(frozen=True, slots=True)
class _SelfFirst:
    node: Procedures
    transport: Transport | None

    def deliver(self, message: Message) -> dict[str, Any]:
        if message.recipient == self.node.office:
            try:
                return self.node.receive(message)
            except MarknetError as exc:
                return {"status": "refused", "error": exc.to_dict()}
        if self.transport is None:
            raise OSError(f"no transport to {message.recipient}")
        return self.transport.deliver(message)

