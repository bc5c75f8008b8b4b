"""National GI / appellation of origin (RU arts. 1516-1537 after 230-FZ; BY Law 127-З).

The application carries the competent authority's conclusion; registration grants each
applicant its own right (RU: certificate of the exclusive right; BY: of the right to use), and
further producers from the area get theirs later, each on its own conclusion. Every right has a
number, its producer with national ids, its conclusion and a 10-year term; the GI's protection
ends when no right is left, after a period that is a setting ([check], GI-AO.md R9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from marknet.errors import InputError, TransitionError
from marknet.model import GeographicalIndication, ProducerCertificate, record_to_dict
from marknet.model.area import contains, polygons
from marknet.model.dates import add_months
from marknet.procedure import decisions as dec
from marknet.procedure.calendar import due_date
from marknet.procedure.engine import CLOCK, Actor, Procedures, StepInput
from marknet.procedure.filing import goods_items
from marknet.procedure.national import next_number
from marknet.procedure.store import Case
from marknet.procedure.tables import TABLES, Workflow

GI = Workflow.GI


def _gi(p: Procedures, gi_id: str) -> GeographicalIndication:
    record = p.record(gi_id)
    if not isinstance(record, GeographicalIndication):
        raise InputError(f"{gi_id} is not a GI or appellation of origin")
    return record


# -- the application -----------------------------------------------------------------------
def check_conclusion(p: Procedures, rule: str, conclusion: dict[str, Any] | None) -> None:
    """A conclusion names its authority and date and is still fresh: within its own
    ``valid_until``, else within the ``gi.conclusion_validity`` setting of its date."""
    if not conclusion or not str(conclusion.get("authority") or "").strip():
        raise InputError(f"rule {rule}: the competent authority's conclusion is required "
                         "(authority, number, date, what it certifies)")
    try:
        issued = dt.date.fromisoformat(str(conclusion.get("date")))
    except ValueError:
        raise InputError(f"rule {rule}: the conclusion's date is required (YYYY-MM-DD)") from None
    if issued > p.today():
        raise InputError(f"rule {rule}: the conclusion is dated {issued}, in the future")
    until = conclusion.get("valid_until")
    if until:
        ends = dt.date.fromisoformat(str(until))
    else:
        ends = add_months(issued, p.settings.deadline(p.office, "gi",
                                                      "conclusion_validity").months)
    if ends < p.today():
        raise InputError(f"rule {rule}: the conclusion of {issued} expired on {ends}; "
                         "a fresh one is needed")


def check_application(p: Procedures, record: GeographicalIndication) -> None:
    conclusion = record_to_dict(record).get("conclusion")
    check_conclusion(p, "gi.file", conclusion)
    if record.boundary is not None:
        polygons(record.boundary)


def decide(p: Procedures, case: Case, decisions: Sequence[dec.Decision]) -> Case:
    """Grant (registration, and each applicant's right) or refuse, on the merits."""
    record = _gi(p, case.record_id)
    entries, _ = dec.batch(p, case, goods_items(record), decisions)
    decision = decisions[0]
    if dec.refused(entries):
        with p.store.transaction():
            case = p.transition(case.record_id, GI, "refuse", decision.examiner, StepInput(
                event_payload=dec.summary(entries), data={"decisions": entries}))
            dec.record(p, case, "refuse", decision, entries)
        return case
    payload = {"registration_number": next_number(p, "gi-registration", p.today().year),
               "registration_date": p.today().isoformat()}
    as_dict = record_to_dict(record)
    # Each applicant's own right, on the application's conclusion, from its filing date.
    requests = {next_number(p, "certificate", p.today().year): {
        "producer": {**party, "role": "producer"}, "conclusion": as_dict.get("conclusion"),
        "filing_date": record.filing_date.isoformat()}
        for party in as_dict.get("parties", []) if party.get("role") == "applicant"}
    with p.store.transaction():
        case = p.transition(case.record_id, GI, "grant", decision.examiner, StepInput(
            event_payload=payload,
            data={"decisions": entries, "certificate_requests": requests}))
        dec.record(p, case, "grant", decision, entries)
        for number in requests:
            case = issue_certificate(p, case.record_id, number, decision.examiner)
    return case


# -- producers' rights ---------------------------------------------------------------------
def _same_producer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ids_a, ids_b = a.get("identifiers") or {}, b.get("identifiers") or {}
    if any(ids_a.get(k) == v for k, v in ids_b.items()):
        return True
    return " ".join(str(a.get("name", "")).casefold().split()) == \
        " ".join(str(b.get("name", "")).casefold().split())


def _check_in_area(gi: GeographicalIndication, producer: dict[str, Any]) -> None:
    rule = "rule gi.request_certificate"
    where = producer.get("location")
    if gi.boundary is not None:
        if not isinstance(where, dict) or not all(isinstance(where.get(k), int | float)
                                                  for k in ("lon", "lat")):
            raise InputError(f"{rule}: the producer's location (lon, lat) is needed to check it "
                             f"is within {gi.area or 'the area'}")
        if not contains(gi.boundary, float(where["lon"]), float(where["lat"])):
            raise InputError(f"{rule}: the producer at {where['lon']}, {where['lat']} is "
                             f"outside the area of {gi.text} ({gi.area})")
        return
    country = str(producer.get("country") or gi.office).upper()
    if country != gi.office:
        raise InputError(f"{rule}: the producer is in {country}; the area of {gi.text} is in "
                         f"{gi.office} ({gi.area})")


def request_certificate(p: Procedures, gi_id: str, producer: dict[str, Any],
                        conclusion: dict[str, Any], actor: Actor) -> str:
    """A further producer from the area applies for its own right (art. 1518 p.2)."""
    rule = "rule gi.request_certificate"
    gi = _gi(p, gi_id)
    p.check(gi_id, GI, "request_certificate", actor)
    if not str(producer.get("name") or "").strip():
        raise InputError(f"{rule}: the producer's name is required")
    check_conclusion(p, "gi.request_certificate", conclusion)
    _check_in_area(gi, producer)
    return _request(p, gi_id, {**producer, "role": "producer"}, conclusion, actor, p.today())


def _request(p: Procedures, gi_id: str, producer: dict[str, Any], conclusion: dict[str, Any],
             actor: Actor, filed: dt.date) -> str:
    gi = _gi(p, gi_id)
    case = p.case(gi_id, GI)
    requests = case.data.get("certificate_requests", {})
    held = zip(gi.certificates, record_to_dict(gi).get("certificates", []), strict=True)
    for cert, stored in held:
        if cert.status_on(p.today()).value == "valid" and _same_producer(stored["producer"],
                                                                          producer):
            raise InputError(f"rule gi.request_certificate: {producer['name']} already holds "
                             f"certificate {cert.number} for {gi.text}")
    for number, pending in requests.items():
        if not pending.get("issued") and _same_producer(pending["producer"], producer):
            raise InputError(f"rule gi.request_certificate: {producer['name']} already asked "
                             f"for a certificate for {gi.text} (request {number})")
    number = next_number(p, "certificate", p.today().year)
    requests = {**requests, number: {"producer": producer, "conclusion": conclusion,
                                     "filing_date": filed.isoformat()}}
    p.transition(gi_id, GI, "request_certificate", actor,
                 StepInput(data={"certificate_requests": requests}, ref=number,
                           log={"request": number, "producer": producer["name"]}))
    return number


def issue_certificate(p: Procedures, gi_id: str, number: str, examiner: Actor) -> Case:
    """The right enters the register: 10 years from the producer's filing (art. 1531)."""
    case = p.case(gi_id, GI)
    requests = case.data.get("certificate_requests", {})
    request = requests.get(number)
    if request is None:
        pending = [n for n, r in requests.items() if not r.get("issued")]
        raise InputError(f"rule gi.issue_certificate: no certificate request {number} on "
                         f"{gi_id} (pending: {', '.join(pending) or 'none'})")
    if request.get("issued"):
        raise TransitionError(f"rule gi.issue_certificate: certificate {number} was issued on "
                              f"{request['issued']}")
    filed = dt.date.fromisoformat(request["filing_date"])
    term = p.settings.deadline(p.office, "gi", "certificate_term").months
    expiry = add_months(filed, term)
    # The location was for the area check; a certificate's producer is a party without one.
    producer = {k: v for k, v in request["producer"].items() if k != "location"}
    certificate = {"number": number, "producer": producer,
                   "filing_date": request["filing_date"],
                   "registration_date": p.today().isoformat(), "expiry_date": expiry.isoformat(),
                   "status": "valid", "conclusion": request["conclusion"]}
    issued = {**requests, number: {**request, "issued": p.today().isoformat()}}
    with p.store.transaction():
        case = p.transition(gi_id, GI, "issue_certificate", examiner, StepInput(
            event_payload={"certificate": certificate}, ref=number, anchors={"ref": expiry},
            data={"certificate_requests": issued}))
        # A right again: the end of protection that the last one's end started is off.
        p.db.close_deadlines(gi_id, GI.value, ("protection_end",), p.today())
    return case


def _certificate(p: Procedures, gi_id: str, number: str, rule: str) -> ProducerCertificate:
    found = [c for c in _gi(p, gi_id).certificates if c.number == number]
    if not found:
        raise InputError(f"rule gi.{rule}: no certificate {number} on {gi_id}")
    return found[0]


def renew_certificate(p: Procedures, gi_id: str, number: str, conclusion: dict[str, Any],
                      actor: Actor) -> Case:
    """Renewal in the certificate's last year (or grace) with a fresh competent conclusion."""
    p.check(gi_id, GI, "renew_certificate", actor, ref=number)
    cert = _certificate(p, gi_id, number, "renew_certificate")
    if cert.status.value == "terminated":
        raise TransitionError(f"rule gi.renew_certificate: certificate {number} was terminated; "
                              "a terminated right cannot be renewed (apply for a new one)")
    check_conclusion(p, "gi.renew_certificate", conclusion)
    expiry = cert.expiry_date
    if expiry is None:
        raise InputError(f"rule gi.renew_certificate: certificate {number} has no term")
    window = p.settings.deadline(p.office, "gi", "certificate_renewal_window").months
    grace = p.settings.deadline(p.office, "gi", "certificate_grace").months
    opens, closes = add_months(expiry, -window), due_date(expiry, grace, p.office)
    if not opens <= p.today() <= closes:
        raise TransitionError(f"rule gi.renew_certificate: renewal is possible from "
                              f"{opens.isoformat()} to {closes.isoformat()}")
    new_expiry = add_months(expiry, p.settings.deadline(p.office, "gi", "certificate_term").months)
    return p.transition(gi_id, GI, "renew_certificate", actor, StepInput(
        event_payload={"number": number, "expiry_date": new_expiry.isoformat(),
                       "conclusion": conclusion, "renewed_on": p.today().isoformat()},
        ref=number, anchors={"ref": new_expiry}))


def terminate_certificate(p: Procedures, gi_id: str, number: str, grounds: str,
                          examiner: Actor) -> Case:
    """End a producer's right early: properties lost, producer liquidated, a challenge."""
    p.check(gi_id, GI, "terminate_certificate", examiner, ref=number)
    cert = _certificate(p, gi_id, number, "terminate_certificate")
    if cert.status_on(p.today()).value != "valid":
        raise TransitionError(f"rule gi.terminate_certificate: certificate {number} is "
                              f"{cert.status_on(p.today()).value}, not valid")
    with p.store.transaction():
        case = p.transition(gi_id, GI, "terminate_certificate", examiner, StepInput(
            event_payload={"number": number, "grounds": grounds,
                           "termination_date": p.today().isoformat()}, ref=number))
        last_right_ended(p, gi_id)
    return case


def certificate_lapsed(p: Procedures, gi_id: str, number: str) -> Case:
    with p.store.transaction():
        case = p.transition(gi_id, GI, "certificate_lapsed", CLOCK,
                            StepInput(event_payload={"number": number}, ref=number))
        last_right_ended(p, gi_id)
    return case


def last_right_ended(p: Procedures, gi_id: str) -> None:
    """When no right is left, the protection ends after the ``gi.protection_after_last_right``
    period unless a producer gets a right again (a deadline the clock acts on)."""
    gi = _gi(p, gi_id)
    if any(c.status_on(p.today()).value == "valid" for c in gi.certificates):
        return
    p.open_deadline(TABLES[GI], p.case(gi_id, GI), "protection_end", StepInput())


# -- challenges ----------------------------------------------------------------------------
def challenge(p: Procedures, gi_id: str, text: str, certificate: str | None,
              actor: Actor) -> Case:
    """A challenge to the registration, or to one producer's certificate."""
    p.check(gi_id, GI, "challenge", actor)
    if certificate:
        _certificate(p, gi_id, certificate, "challenge")
    return p.transition(gi_id, GI, "challenge", actor, StepInput(
        data={"challenge": {"text": text, "certificate": certificate or None,
                            "by": actor.name, "filed": p.today().isoformat()}},
        log={"challenge": text, "certificate": certificate or ""}))


def uphold_challenge(p: Procedures, gi_id: str, examiner: Actor) -> Case:
    """A challenge upheld: the certificate it names ends, or else the registration does."""
    case = p.case(gi_id, GI)
    p.check(gi_id, GI, "uphold_challenge", examiner)
    target = (case.data.get("challenge") or {}).get("certificate")
    grounds = f"challenge upheld: {(case.data.get('challenge') or {}).get('text', '')}"
    with p.store.transaction():
        if target is None:
            return p.transition(gi_id, GI, "invalidate", examiner,
                                StepInput(event_payload={"grounds": grounds}))
        terminate_certificate(p, gi_id, target, grounds, examiner)
        return p.transition(gi_id, GI, "uphold_challenge", examiner,
                            StepInput(log={"certificate": target}))


def end_protection(p: Procedures, gi_id: str, actor: Actor) -> Case:
    gi = _gi(p, gi_id)
    valid = [c.number for c in gi.certificates if c.status_on(p.today()).value == "valid"]
    if valid:
        raise TransitionError(f"rule gi.end_protection: {gi_id} still has valid rights "
                              f"({', '.join(valid)})")
    return p.transition(gi_id, GI, "end_protection", actor, StepInput(
        event_payload={"grounds": "no producer's right remains"}))
