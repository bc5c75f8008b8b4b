"""Turning a filing (JSON) into an application: every missing or contradictory field at once.

The office sets the application number, the filing date (the day of receipt) and everything a
procedure produces later (status, registration, publications); an application that claims any
of these, or names another office or procedure than the one it is filed in, is refused. An
earlier date is claimed as a priority (Paris Convention or exhibition, 6 months each), never as
the filing date; an exhibition priority needs its proof (the exhibition's certificate). The
number is taken only once everything else is valid, so a refused filing uses none up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from marknet.errors import FieldError, ValidationError
from marknet.model import Procedure, Record, RecordType, Trademark, record_from_dict

# What a procedure produces: an application that already has it contradicts itself.
OFFICE_FIELDS = ("registration_number", "registration_date", "expiry_date", "publications",
                 "certificates")
# What the office gives on receipt.
RECEIPT_FIELDS = {
    "filing_date": "is the day the office receives the application, set by the office; claim an "
                   "earlier date as a priority (priorities: Paris or exhibition)",
    "application_number": "is given by the office on receipt, not chosen by the applicant"}


def prepare_application(data: Any, office: str, eaeu: bool, today: dt.date,
                        number: Callable[[int], str]) -> Record:
    """The application as filed at ``office``; ValidationError lists every problem."""
    if not isinstance(data, Mapping):
        raise ValidationError([FieldError("application", "must be a JSON object")],
                              "application")
    errors = _contradictions(data, office, eaeu) + _priority_claims(data)
    body = dict(data)
    body["office"] = office
    body["filing_date"] = today.isoformat()
    body.setdefault("status", "filed")
    if eaeu:
        body["procedure"] = Procedure.EAEU.value
    is_gi = body.get("record_type") == RecordType.GI.value
    errors += _gi_missing(body) if is_gi else _trademark_missing(body)
    body["application_number"] = f"{today.year}000000"  # checked first with a stand-in
    try:
        record_from_dict(body, today)
    except ValidationError as exc:
        errors += exc.errors
    if errors:
        raise ValidationError(errors, "application")
    body["application_number"] = number(today.year)
    return record_from_dict(body, today)


def _contradictions(data: Mapping[str, Any], office: str, eaeu: bool) -> list[FieldError]:
    errors: list[FieldError] = []
    given_office = str(data.get("office") or office).strip().upper()
    if given_office != office:
        errors.append(FieldError("office", f"names {given_office}, but the application is "
                                           f"filed at the {office} office"))
    if data.get("status") not in (None, "filed"):
        errors.append(FieldError("status", f"an application is filed, not {data['status']}"))
    errors += [FieldError(key, "is set by the office, not by the applicant")
               for key in OFFICE_FIELDS if data.get(key)]
    errors += [FieldError(key, why) for key, why in RECEIPT_FIELDS.items()
               if data.get(key) not in (None, "")]
    procedure = data.get("procedure")
    if procedure is not None and procedure != (Procedure.EAEU if eaeu else Procedure.NATIONAL):
        how = "as a Union (--eaeu) application" if eaeu else "nationally (without --eaeu)"
        errors.append(FieldError("procedure", f"says {procedure}, but it is filed {how}"))
    if eaeu and data.get("record_type") == RecordType.GI.value:
        errors.append(FieldError("record_type", "the EAEU trademark procedure takes trademarks "
                                                "(appellations have their own, P.SP.03)"))
    return errors


def _priority_claims(data: Mapping[str, Any]) -> list[FieldError]:
    """An exhibition priority needs its proof; dates and countries the model checks."""
    claims = data.get("priorities") or []
    if not isinstance(claims, list):
        return [FieldError("priorities", "must be a list of claims")]
    return [FieldError(f"priorities[{i}].proof", "an exhibition priority needs its proof: the "
                                                 "exhibition's certificate of the showing")
            for i, claim in enumerate(claims) if isinstance(claim, Mapping)
            and claim.get("kind") == "exhibition" and not str(claim.get("proof") or "").strip()]


def _applicants(body: Mapping[str, Any]) -> list[FieldError]:
    parties = body.get("parties") or []
    if not any(isinstance(p, Mapping) and p.get("role", "applicant") == "applicant"
               for p in parties):
        return [FieldError("parties", "an application needs at least one applicant")]
    return []


def _trademark_missing(body: Mapping[str, Any]) -> list[FieldError]:
    errors = _applicants(body)
    if not body.get("goods_services") and not body.get("nice_classes"):
        errors.append(FieldError("goods_services", "an application needs goods or services"))
    if not (body.get("verbal_elements") or body.get("text") or body.get("images")):
        errors.append(FieldError("verbal_elements", "an application needs a sign: a verbal "
                                                    "element or an image"))
    return errors


def _gi_missing(body: Mapping[str, Any]) -> list[FieldError]:
    errors = _applicants(body)
    for key in ("area", "product"):
        if not body.get(key):
            errors.append(FieldError(key, "is required for a GI/AO application"))
    if body.get("nice_class") is None and not body.get("nice_classes"):
        errors.append(FieldError("nice_class", "is required for a GI/AO application"))
    return errors


def goods_items(record: Record) -> list[int]:
    """The goods items a decision speaks about: Nice classes (a GI's product class)."""
    if isinstance(record, Trademark):
        return [g.nice_class for g in record.goods_services]
    return [record.nice_class] if record.nice_class is not None else []
