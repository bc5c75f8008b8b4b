"""The legal-status transition table: which event may happen in which status, and where it leads.

This is the only place that decides a status. Procedures (issue: procedure/) drive these events
with their own finer tables; the register guards the legal status whatever the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from marknet.errors import TransitionError
from marknet.model import ENDED, PENDING, EventType, RecordType, Status

ANY = frozenset(Status)
BOTH = frozenset(RecordType)
GI_ONLY = frozenset({RecordType.GI})


@dataclass(frozen=True, slots=True)
class Transition:
    allowed_from: frozenset[Status]
    to: Status | None  # None: the status does not change
    record_types: frozenset[RecordType] = BOTH


_EXAMINED = frozenset({Status.EXAMINATION, Status.PUBLISHED})
_ALIVE = PENDING | {Status.REGISTERED}

TRANSITIONS: dict[EventType, Transition] = {
    EventType.FORMAL_EXAMINATION_PASSED: Transition(frozenset({Status.FILED}), Status.EXAMINATION),
    EventType.PUBLISHED: Transition(frozenset({Status.EXAMINATION}), Status.PUBLISHED),
    EventType.EXAMINATION_RESULT: Transition(_EXAMINED, None),
    EventType.REGISTERED: Transition(_EXAMINED, Status.REGISTERED),
    EventType.REFUSED: Transition(PENDING, Status.REFUSED),
    EventType.WITHDRAWN: Transition(PENDING, Status.WITHDRAWN),
    EventType.RENEWED: Transition(frozenset({Status.REGISTERED, Status.EXPIRED}),
                                  Status.REGISTERED),
    EventType.EXPIRED: Transition(frozenset({Status.REGISTERED}), Status.EXPIRED),
    EventType.RESTORED: Transition(frozenset({Status.EXPIRED, Status.WITHDRAWN, Status.REFUSED}),
                                   None),
    EventType.TRANSFERRED: Transition(_ALIVE, None),
    EventType.LICENSED: Transition(frozenset({Status.REGISTERED}), None),
    EventType.DATA_CHANGED: Transition(_ALIVE, None),
    EventType.SURRENDERED: Transition(frozenset({Status.REGISTERED}), Status.SURRENDERED),
    EventType.INVALIDATED: Transition(frozenset({Status.REGISTERED}), Status.INVALIDATED),
    EventType.CANCELLED: Transition(frozenset({Status.REGISTERED}), Status.CANCELLED),
    EventType.CERTIFICATE_ISSUED: Transition(frozenset({Status.REGISTERED}), None, GI_ONLY),
    EventType.CERTIFICATE_RENEWED: Transition(frozenset({Status.REGISTERED}), None, GI_ONLY),
    EventType.CERTIFICATE_TERMINATED: Transition(ANY - ENDED, None, GI_ONLY),
    EventType.CERTIFICATE_EXPIRED: Transition(frozenset({Status.REGISTERED}), None, GI_ONLY),
}


def check_transition(event: EventType, record_type: RecordType, status: Status) -> Transition:
    """The transition for an event in a status, or a TransitionError naming the rule."""
    rule = TRANSITIONS.get(event)
    if rule is None:
        raise TransitionError(f"{event.value} creates a record; it is not a status change")
    if record_type not in rule.record_types:
        raise TransitionError(f"{event.value} does not apply to a {record_type.value} record")
    if status not in rule.allowed_from:
        allowed = ", ".join(sorted(s.value for s in rule.allowed_from))
        raise TransitionError(
            f"cannot record {event.value} on a {status.value} {record_type.value} "
            f"(allowed only when {allowed})",
            event=event.value, status=status.value,
        )
    return rule
