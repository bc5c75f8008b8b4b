"""Legal-status events: what the register records about a record, in order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EventType(StrEnum):
    # Creation of a record in the register.
    FILED = "filed"
    IMPORTED = "imported"  # taken over from a bulk source, with the status the source gave
    # The application's way to a decision.
    FORMAL_EXAMINATION_PASSED = "formal_examination_passed"
    PUBLISHED = "published"
    EXAMINATION_RESULT = "examination_result"
    REGISTERED = "registered"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    # Life after registration.
    RENEWED = "renewed"
    EXPIRED = "expired"
    RESTORED = "restored"
    TRANSFERRED = "transferred"
    LICENSED = "licensed"
    DATA_CHANGED = "data_changed"
    SURRENDERED = "surrendered"
    INVALIDATED = "invalidated"
    CANCELLED = "cancelled"
    # Producers' certificates of a registered GI/AO.
    CERTIFICATE_ISSUED = "certificate_issued"
    CERTIFICATE_RENEWED = "certificate_renewed"
    CERTIFICATE_TERMINATED = "certificate_terminated"
    CERTIFICATE_EXPIRED = "certificate_expired"  # term and grace passed without renewal


CREATION_EVENTS = frozenset({EventType.FILED, EventType.IMPORTED})


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of a register's log.

    ``seq`` orders the register; ``prev_hash``/``hash`` chain each event to the one before it,
    so a changed byte anywhere breaks every later link. ``effective_date`` is the legal date of
    the act; ``recorded_at`` when the node wrote it; ``actor`` who did it.
    """

    register: str
    seq: int
    record_id: str
    type: EventType
    effective_date: dt.date
    recorded_at: dt.datetime
    actor: str
    payload: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""
    # The payload's canonical JSON when the writer already has it (bulk import); derived data,
    # so it takes no part in equality.
    payload_json: bytes | None = field(default=None, compare=False, repr=False)
