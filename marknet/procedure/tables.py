"""The procedures as data: per workflow, its steps, who may take each, and what it records.

A step moves a case from one of ``sources`` to ``target`` (None: the state stays). Only the
roles listed may take it; ``event`` is the legal-status event it writes to the register (None:
a procedural step only, kept in the procedure log). ``opens``/``closes`` name the deadlines
the step starts and ends; ``within`` names a deadline that must not have passed.
``messages`` are the P.SP.02 codes the step sends to other offices (DESIGN.md §4).

The register's own table (``register/transitions.py``) still guards the legal status: these
tables sit above it, with finer states and actors.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from marknet.errors import TransitionError
from marknet.model import EventType


class Role(StrEnum):
    APPLICANT = "applicant"  # the applicant, holder or producer, or their representative
    EXAMINER = "examiner"
    OFFICE = "office"  # a partner office, through an exchange message
    CLOCK = "clock"
    THIRD_PARTY = "third_party"


class Workflow(StrEnum):
    TRADEMARK = "trademark"  # national trademark (RU, BY)
    GI = "gi"  # national GI / appellation of origin and producers' certificates
    EAEU = "eaeu"  # Union trademark at its filing office
    EAEU_EXAM = "eaeu_exam"  # one member office's examination of a Union application


NEW = "new"
A, E, OF, C, T = Role.APPLICANT, Role.EXAMINER, Role.OFFICE, Role.CLOCK, Role.THIRD_PARTY


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    sources: frozenset[str]
    target: str | None
    roles: frozenset[Role]
    event: EventType | None = None
    opens: tuple[str, ...] = ()
    closes: tuple[str, ...] = ()
    within: str | None = None
    messages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeadlineKind:
    """A deadline a step opens: its setting, what the clock does when it passes, and from what
    date it runs (``event``: the step's date; ``expiry``: the term's end; ``ref``: a
    certificate's own expiry)."""

    name: str
    setting: str | None  # None: due on the anchor date itself
    clock_action: str | None  # None: an office's own time limit, shown but not enforced
    anchor: str = "event"


@dataclass(frozen=True, slots=True)
class Table:
    workflow: Workflow
    procedure: str  # the settings key of its deadlines: trademark, gi, eaeu
    terminal: frozenset[str]
    steps: dict[str, Step]
    deadlines: dict[str, DeadlineKind]

    def step(self, action: str) -> Step:
        found = self.steps.get(action)
        if found is None:
            raise TransitionError(f"rule {self.workflow.value}: no step {action!r} "
                                  f"(steps: {', '.join(sorted(self.steps))})")
        return found


def _s(action: str, sources: str, target: str | None, roles: tuple[Role, ...],
       event: EventType | None = None, **more: object) -> tuple[str, Step]:
    return action, Step(action, frozenset(sources.split()), target, frozenset(roles), event,
                        **more)  # type: ignore[arg-type]


def _k(name: str, setting: str | None, clock: str | None, anchor: str = "event"
       ) -> tuple[str, DeadlineKind]:
    return name, DeadlineKind(name, setting, clock, anchor)


_EV = EventType
_TERM = ("term_end", "grace_end")
_TERM_KINDS = dict([_k("term_end", None, "enter_grace", "expiry"),
                    _k("grace_end", "grace", "expire", "expiry")])
_TM_PENDING = "formal_examination awaiting_publication substantive_examination awaiting_reply " \
              "reconsideration awaiting_fee fee_paid"

NATIONAL_TRADEMARK = Table(Workflow.TRADEMARK, "trademark", frozenset({
    "refused", "withdrawn", "expired", "surrendered", "invalidated", "cancelled"}), dict([
    _s("file", NEW, "formal_examination", (A,), _EV.FILED, opens=("formal_examination",)),
    _s("pass_formal", "formal_examination", "awaiting_publication", (E,),
       _EV.FORMAL_EXAMINATION_PASSED, closes=("formal_examination",)),
    _s("publish", "awaiting_publication", "substantive_examination", (E,), _EV.PUBLISHED),
    # Observations may come from publication until the decision (art. 1493): no fixed window.
    _s("observe", "substantive_examination awaiting_reply reconsideration", None, (T,)),
    _s("decide_partial", "substantive_examination reconsideration", None, (E,)),
    _s("notify", "substantive_examination", "awaiting_reply", (E,), _EV.EXAMINATION_RESULT,
       opens=("reply_to_notice",)),
    _s("reply", "awaiting_reply", "reconsideration", (A,), within="reply_to_notice",
       closes=("reply_to_notice",)),
    _s("reply_lapsed", "awaiting_reply", "reconsideration", (C,)),
    _s("grant", "substantive_examination reconsideration", "awaiting_fee", (E,),
       _EV.EXAMINATION_RESULT),
    # A refusal only after a notice and the applicant's chance to reply (art. 1499).
    _s("refuse", "reconsideration", "refused", (E,), _EV.REFUSED, opens=("appeal",)),
    _s("pay_fee", "awaiting_fee", "fee_paid", (A,), opens=("registration_after_fee",)),
    _s("register", "fee_paid", "registered", (E,), _EV.REGISTERED,
       closes=("registration_after_fee",), opens=("certificate_after_registration", *_TERM)),
    _s("issue_certificate", "registered", None, (E,),
       closes=("certificate_after_registration",)),
    _s("renew", "registered grace", "registered", (A,), _EV.RENEWED, closes=_TERM, opens=_TERM),
    _s("enter_grace", "registered", "grace", (C,)),
    _s("expire", "grace", "expired", (C,), _EV.EXPIRED),
    _s("transfer", "registered grace", None, (A,), _EV.TRANSFERRED),
    _s("license", "registered", None, (A,), _EV.LICENSED),
    _s("surrender", "registered grace", "surrendered", (A,), _EV.SURRENDERED),
    _s("invalidate", "registered grace", "invalidated", (E,), _EV.INVALIDATED),
    _s("cancel_non_use", "registered grace", "cancelled", (E,), _EV.CANCELLED),
    _s("withdraw", _TM_PENDING, "withdrawn", (A,), _EV.WITHDRAWN),
]), dict([
    _k("formal_examination", "formal_examination", None),
    _k("reply_to_notice", "reply_to_notice", "reply_lapsed"),
    _k("appeal", "appeal", None),
    _k("registration_after_fee", "registration_after_fee", None),
    _k("certificate_after_registration", "certificate_after_registration", None),
    *_TERM_KINDS.items(),
]))

# GI / AO (RU arts. 1516-1537 after 230-FZ; BY Law 127-З): see GI-AO.md. The application is
# published once accepted (art. 1524 p.2); observations are modelled like art. 1493 [check].
_GI_PENDING = "formal_examination awaiting_materials awaiting_publication merits_examination"
_GI_LIVE = "registered challenged"

NATIONAL_GI = Table(Workflow.GI, "gi", frozenset({"refused", "withdrawn", "invalidated",
                                                 "ended"}), dict([
    _s("file", NEW, "formal_examination", (A,), _EV.FILED, opens=("formal_examination",)),
    _s("request_materials", "formal_examination", "awaiting_materials", (E,),
       opens=("missing_materials",)),
    _s("submit_materials", "awaiting_materials", "formal_examination", (A,),
       within="missing_materials", closes=("missing_materials",)),
    # No answer to a request for materials: the application is deemed withdrawn (art. 1523).
    _s("materials_lapsed", "awaiting_materials", "withdrawn", (C,), _EV.WITHDRAWN),
    _s("pass_formal", "formal_examination", "awaiting_publication", (E,),
       _EV.FORMAL_EXAMINATION_PASSED, closes=("formal_examination",)),
    _s("publish", "awaiting_publication", "merits_examination", (E,), _EV.PUBLISHED),
    _s("observe", "merits_examination", None, (T,)),
    _s("grant", "merits_examination", "registered", (E,), _EV.REGISTERED),
    _s("refuse", "merits_examination", "refused", (E,), _EV.REFUSED),
    # A producer's right: the applicants' own at registration, further producers' later
    # (art. 1518 p.2), each with the competent authority's conclusion.
    _s("request_certificate", _GI_LIVE, None, (A,), opens=("certificate_after_fee",)),
    _s("issue_certificate", _GI_LIVE, None, (E,), _EV.CERTIFICATE_ISSUED,
       closes=("certificate_after_fee",), opens=("certificate_end",)),
    _s("renew_certificate", _GI_LIVE, None, (A,), _EV.CERTIFICATE_RENEWED,
       closes=("certificate_end",), opens=("certificate_end",)),
    _s("certificate_lapsed", _GI_LIVE, None, (C,), _EV.CERTIFICATE_EXPIRED),
    # Early end of one right: properties lost, producer liquidated, a challenge upheld.
    _s("terminate_certificate", _GI_LIVE, None, (E,), _EV.CERTIFICATE_TERMINATED,
       closes=("certificate_end",)),
    # A challenge to the registration or to one certificate (arts. 1535, 1537 [check]).
    _s("challenge", "registered", "challenged", (T,)),
    _s("dismiss_challenge", "challenged", "registered", (E,)),
    _s("uphold_challenge", "challenged", "registered", (E,)),
    # The registration itself ends: a challenge upheld against it, or no right left where the
    # law ends protection with the last right (setting gi.ends_with_last_right [check]).
    _s("invalidate", _GI_LIVE, "invalidated", (E,), _EV.INVALIDATED),
    _s("end_protection", "registered", "ended", (C, E), _EV.CANCELLED),
    _s("withdraw", _GI_PENDING, "withdrawn", (A,), _EV.WITHDRAWN),
]), dict([
    _k("formal_examination", "formal_examination", None),
    _k("missing_materials", "missing_materials", "materials_lapsed"),
    _k("certificate_after_fee", "certificate_after_fee", None),
    _k("certificate_end", "certificate_grace", "certificate_lapsed", "ref"),
    _k("protection_end", "protection_after_last_right", "end_protection"),
]))

_UNION_PENDING = "formal_examination awaiting_publication offices_examining"

EAEU = Table(Workflow.EAEU, "eaeu", frozenset({
    "refused", "withdrawn", "expired", "surrendered", "converted"}), dict([
    _s("file", NEW, "formal_examination", (A,), _EV.FILED, opens=("formal_examination",)),
    _s("pass_formal", "formal_examination", "awaiting_publication", (E,),
       _EV.FORMAL_EXAMINATION_PASSED, closes=("formal_examination",)),
    _s("publish", "awaiting_publication", "offices_examining", (E,), _EV.PUBLISHED,
       opens=("examination", "observations"), messages=("MSG.028",)),
    _s("observe", "offices_examining", None, (T,), within="observations",
       messages=("MSG.061",)),
    _s("result", "offices_examining", None, (OF,), _EV.EXAMINATION_RESULT),
    _s("argue", "offices_examining", None, (A,), messages=("MSG.030",)),
    # An office needs the earlier right holder's consent (MSG.035); the applicant sends the
    # letter through the filing office (MSG.036); without it the application is deemed
    # withdrawn (MSG.037 → MSG.044 to every office).
    _s("consent_requested", "offices_examining", None, (OF,)),
    _s("consent", "offices_examining", None, (A,), messages=("MSG.036",)),
    _s("deemed_withdrawn", "offices_examining", "withdrawn", (OF,), _EV.WITHDRAWN,
       closes=("examination", "observations"), messages=("MSG.044",)),
    _s("conclude_register", "offices_examining", "registered", (E, C), _EV.REGISTERED,
       closes=("examination", "observations"), opens=_TERM, messages=("MSG.031",)),
    _s("conclude_refuse", "offices_examining", "refused", (E, C), _EV.REFUSED,
       closes=("examination", "observations"), opens=("conversion",), messages=("MSG.031",)),
    _s("renew", "registered grace", "registered", (A,), _EV.RENEWED, closes=_TERM, opens=_TERM,
       messages=("MSG.053",)),
    _s("enter_grace", "registered", "grace", (C,)),
    _s("expire", "grace", "expired", (C,), _EV.EXPIRED, messages=("MSG.049",)),
    _s("surrender", "registered grace", "surrendered", (A,), _EV.SURRENDERED,
       messages=("MSG.050",)),
    _s("convert", "refused", "converted", (A,), within="conversion", closes=("conversion",),
       messages=("MSG.040",)),
    _s("withdraw", _UNION_PENDING, "withdrawn", (A,), _EV.WITHDRAWN, messages=("MSG.044",)),
]), dict([
    _k("formal_examination", "formal_examination", None),
    _k("examination", "examination", "conclude"),
    _k("observations", "observations", None),
    _k("conversion", "conversion", None),
    *_TERM_KINDS.items(),
]))

EAEU_EXAM = Table(Workflow.EAEU_EXAM, "eaeu", frozenset({"concluded", "closed"}), dict([
    _s("receive", NEW, "examining", (OF,), opens=("examination",)),
    _s("observe", "examining awaiting_arguments reconsideration", None, (OF,)),
    _s("decide_partial", "examining reconsideration", None, (E,), within="examination"),
    _s("report", "examining", "awaiting_arguments", (E,), within="examination",
       closes=("examination",), opens=("arguments",), messages=("MSG.029",)),
    _s("report_accept", "examining", "concluded", (E,), within="examination",
       closes=("examination",), messages=("MSG.029",)),
    _s("arguments", "awaiting_arguments", "reconsideration", (OF,), within="arguments",
       closes=("arguments",)),
    _s("arguments_lapsed", "awaiting_arguments", "concluded", (C,), messages=("MSG.029",)),
    _s("require_consent", "examining reconsideration", "awaiting_consent", (E,),
       closes=("examination",), opens=("consent",), messages=("MSG.035",)),
    _s("consent_received", "awaiting_consent", "reconsideration", (OF,), within="consent",
       closes=("consent",)),
    _s("consent_lapsed", "awaiting_consent", "concluded", (C,), messages=("MSG.037",)),
    _s("final_report", "reconsideration", "concluded", (E,), messages=("MSG.029",)),
    # Silence: the filing office takes this office to accept (draft rule, [check]).
    _s("examination_lapsed", "examining", "concluded", (C,)),
    _s("close", "examining awaiting_arguments awaiting_consent reconsideration concluded",
       "closed", (OF,), closes=("examination", "arguments", "consent")),
]), dict([
    _k("examination", "examination", "examination_lapsed"),
    _k("arguments", "arguments", "arguments_lapsed"),
    _k("consent", "consent", "consent_lapsed"),
]))

TABLES: dict[Workflow, Table] = {t.workflow: t for t in
                                 (NATIONAL_TRADEMARK, NATIONAL_GI, EAEU, EAEU_EXAM)}
