"""The procedure tables against the register's own transition table: every legal event a step
writes is a status change the register knows, for the kind of record the workflow runs; every
deadline a step names is declared; every state a step leaves from is reachable."""

from __future__ import annotations

import pytest

from marknet.model import EventType, RecordType
from marknet.procedure.steps import WAYS
from marknet.procedure.tables import NEW, TABLES, Table, Workflow
from marknet.register.transitions import TRANSITIONS

RECORD_TYPE = {Workflow.TRADEMARK: RecordType.TRADEMARK, Workflow.GI: RecordType.GI,
               Workflow.EAEU: RecordType.TRADEMARK, Workflow.EAEU_EXAM: RecordType.TRADEMARK}


@pytest.mark.parametrize("table", TABLES.values(), ids=[t.workflow.value for t in TABLES.values()])
def test_each_steps_event_is_legal_in_the_register(table: Table) -> None:
    for step in table.steps.values():
        if step.event is None or step.event is EventType.FILED:
            continue
        rule = TRANSITIONS.get(step.event)
        assert rule is not None, f"{table.workflow}.{step.action}: {step.event} is not a change"
        assert RECORD_TYPE[table.workflow] in rule.record_types, \
            f"{table.workflow}.{step.action}: {step.event} is not for {RECORD_TYPE[table.workflow]}"


@pytest.mark.parametrize("table", TABLES.values(), ids=[t.workflow.value for t in TABLES.values()])
def test_deadlines_and_states_hang_together(table: Table) -> None:
    named = {d for s in table.steps.values() for d in (*s.opens, *s.closes)}
    named |= {s.within for s in table.steps.values() if s.within}
    assert named <= set(table.deadlines), named - set(table.deadlines)
    clock_actions = {k.clock_action for k in table.deadlines.values() if k.clock_action}
    assert clock_actions <= set(table.steps) | {"conclude"}, clock_actions - set(table.steps)
    reached = {NEW} | {s.target for s in table.steps.values() if s.target}
    left_from = {src for s in table.steps.values() for src in s.sources}
    assert left_from <= reached, f"{table.workflow}: never reached: {left_from - reached}"
    assert set(WAYS[table.workflow]) <= set(table.steps) | {"conclude"}
