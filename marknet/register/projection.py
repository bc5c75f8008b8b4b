"""A record's current state is a projection of its events, applied in order to its mapping form.

Working on the canonical mapping (the same one stored and exported) keeps the projection small
and lets the model's validation check every projected state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from marknet.errors import InputError, IntegrityError
from marknet.model import CREATION_EVENTS, PENDING, Event, EventType, Status
from marknet.model.gi import ProducerCertificate
from marknet.register.transitions import TRANSITIONS

# Fields a DATA_CHANGED event may not touch: they make up the record's identity.
IDENTITY_FIELDS = frozenset({"id", "record_type", "office", "application_number", "filing_date",
                             "status"})
RESTORABLE = PENDING | {Status.REGISTERED}


def project(events: Iterable[Event]) -> dict[str, Any]:
    """Fold a record's events into its current mapping."""
    state: dict[str, Any] | None = None
    for event in events:
        state = apply(state, event)
    if state is None:
        raise IntegrityError("a record without events has no state")
    return state


def apply(state: dict[str, Any] | None, event: Event) -> dict[str, Any]:
    """The state after one event. The caller has checked the transition table already."""
    if event.type in CREATION_EVENTS:
        if state is not None:
            raise IntegrityError(f"{event.record_id} is created twice (seq {event.seq})")
        return dict(event.payload["record"])
    if state is None:
        raise IntegrityError(f"{event.type.value} before the record {event.record_id} exists")
    new = dict(state)
    _APPLY.get(event.type, _no_change)(new, event.payload)
    target = _target_status(event)
    if target is not None:
        new["status"] = target.value
    return new


def _target_status(event: Event) -> Status | None:
    if event.type is EventType.RESTORED:
        return Status(event.payload["status"])
    rule = TRANSITIONS[event.type]
    return rule.to


def _no_change(state: dict[str, Any], payload: dict[str, Any]) -> None:
    return None


def _published(state: dict[str, Any], payload: dict[str, Any]) -> None:
    entry = {"bulletin": payload["bulletin"], "date": payload["date"],
             "subject": payload.get("subject", "application")}
    state["publications"] = [*state.get("publications", []), entry]


def _copy_keys(*keys: str) -> Any:
    def copy(state: dict[str, Any], payload: dict[str, Any]) -> None:
        for key in keys:
            if payload.get(key) is not None:
                state[key] = payload[key]
    return copy


def _transferred(state: dict[str, Any], payload: dict[str, Any]) -> None:
    others = [p for p in state.get("parties", []) if p.get("role") not in ("holder", "applicant")]
    state["parties"] = [*payload["holders"], *others]


def _licensed(state: dict[str, Any], payload: dict[str, Any]) -> None:
    state["parties"] = [*state.get("parties", []), payload["licensee"]]


def _data_changed(state: dict[str, Any], payload: dict[str, Any]) -> None:
    changes: dict[str, Any] = payload["changes"]
    touched = IDENTITY_FIELDS & changes.keys()
    if touched:
        raise InputError(f"a data change cannot alter {', '.join(sorted(touched))}")
    state.update(changes)


def _certificate_issued(state: dict[str, Any], payload: dict[str, Any]) -> None:
    state["certificates"] = [*state.get("certificates", []), payload["certificate"]]


_CERTIFICATE_FIELDS = frozenset(f.name for f in dataclasses.fields(ProducerCertificate))


def _certificate_update(**fixed: str) -> Any:
    def update(state: dict[str, Any], payload: dict[str, Any]) -> None:
        number = payload["number"]
        found = False
        certificates = []
        for cert in state.get("certificates", []):
            if cert["number"] == number:
                # Only the certificate's own fields: grounds and dates of the act stay in the
                # event, as the record written through the model keeps them (verify compares).
                cert = {**cert, **fixed, **{k: v for k, v in payload.items()
                                            if k != "number" and k in _CERTIFICATE_FIELDS}}
                found = True
            certificates.append(cert)
        if not found:
            raise InputError(f"no producer's certificate {number} on this GI")
        state["certificates"] = certificates
    return update


_APPLY = {
    EventType.PUBLISHED: _published,
    EventType.REGISTERED: _copy_keys("registration_number", "registration_date", "expiry_date",
                                     "goods_services"),
    EventType.RENEWED: _copy_keys("expiry_date"),
    EventType.TRANSFERRED: _transferred,
    EventType.LICENSED: _licensed,
    EventType.DATA_CHANGED: _data_changed,
    EventType.CERTIFICATE_ISSUED: _certificate_issued,
    EventType.CERTIFICATE_RENEWED: _certificate_update(status="valid"),
    EventType.CERTIFICATE_TERMINATED: _certificate_update(status="terminated"),
    EventType.CERTIFICATE_EXPIRED: _certificate_update(status="expired"),
}


def check_restore_target(payload: dict[str, Any]) -> None:
    value = payload.get("status")
    if value not in {s.value for s in RESTORABLE}:
        allowed = ", ".join(sorted(s.value for s in RESTORABLE))
        raise InputError(f"restored needs payload status in {allowed}, not {value!r}")
