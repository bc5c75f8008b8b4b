"""Closed vocabularies of the domain (values follow ST.96 where ST.96 has one)."""

from __future__ import annotations

from enum import StrEnum


class RecordType(StrEnum):
    TRADEMARK = "trademark"
    GI = "gi"


class MarkKind(StrEnum):
    """ST.96 MarkCategory as used nationally (the EAEU system has no certification marks)."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    CERTIFICATION = "certification"


class MarkFeature(StrEnum):
    """ST.96 MarkFeatureCategory."""

    WORD = "Word"
    STYLIZED = "Stylized characters"
    FIGURATIVE = "Figurative"
    COMBINED = "Combined"
    THREE_DIMENSIONAL = "Three dimensional"
    COLOUR = "Colour"
    SOUND = "Sound"
    HOLOGRAM = "Hologram"
    POSITION = "Position"
    MOTION = "Motion"
    MULTIMEDIA = "Multimedia"
    OLFACTORY = "Olfactory"
    OTHER = "Other"


# Features whose sign has letters: a verbal element is required for them.
VERBAL_FEATURES = frozenset({MarkFeature.WORD, MarkFeature.STYLIZED, MarkFeature.COMBINED})


class GIKind(StrEnum):
    """An AO's qualities are due to the place and every production stage happens there; a GI
    needs at least one essential stage there."""

    GI = "gi"
    AO = "ao"


class Procedure(StrEnum):
    NATIONAL = "national"
    EAEU = "eaeu"
    # An international registration under the Madrid system (office WO), held by an office
    # for its designation.
    MADRID = "madrid"


class DesignationStatus(StrEnum):
    """What a designated office has decided on an international registration."""

    PENDING = "pending"  # notified by the International Bureau, not yet decided
    PROTECTED = "protected"
    PROVISIONALLY_REFUSED = "provisionally_refused"
    REFUSED = "refused"


class PartyRole(StrEnum):
    APPLICANT = "applicant"
    HOLDER = "holder"
    REPRESENTATIVE = "representative"
    PRODUCER = "producer"
    LICENSEE = "licensee"


class PriorityKind(StrEnum):
    """Paris Convention (6 months for marks) or exhibition priority (6 months)."""

    PARIS = "paris"
    EXHIBITION = "exhibition"


class Status(StrEnum):
    """Legal status of a trademark or GI record, as the register projects it."""

    FILED = "filed"
    EXAMINATION = "examination"
    PUBLISHED = "published"
    REGISTERED = "registered"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    SURRENDERED = "surrendered"
    INVALIDATED = "invalidated"
    CANCELLED = "cancelled"


PENDING = frozenset({Status.FILED, Status.EXAMINATION, Status.PUBLISHED})
# Statuses only reached through publication or registration: the public may see such records.
PUBLIC_STATUSES = frozenset({Status.PUBLISHED, Status.REGISTERED, Status.EXPIRED,
                             Status.SURRENDERED, Status.INVALIDATED, Status.CANCELLED})
IN_FORCE = frozenset({Status.REGISTERED})
ENDED = frozenset(set(Status) - PENDING - IN_FORCE)

# Words users type for groups of statuses (search filters, CLI).
STATUS_GROUPS: dict[str, frozenset[Status]] = {
    "pending": PENDING,
    "in_force": IN_FORCE,
    "ended": ENDED,
    "dead": ENDED,
}


class CertificateStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    TERMINATED = "terminated"
