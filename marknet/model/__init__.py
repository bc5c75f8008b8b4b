"""Pure domain types: marks, GIs, parties, classes, identifiers, statuses, events.

Nothing here touches storage, HTTP or XML.
"""

from marknet.model.convert import record_from_dict, record_to_dict
from marknet.model.enums import (
    ENDED,
    IN_FORCE,
    PENDING,
    PUBLIC_STATUSES,
    STATUS_GROUPS,
    CertificateStatus,
    DesignationStatus,
    GIKind,
    MarkFeature,
    MarkKind,
    PartyRole,
    PriorityKind,
    Procedure,
    RecordType,
    Status,
)
from marknet.model.events import CREATION_EVENTS, Event, EventType
from marknet.model.gi import Conclusion, GeographicalIndication, ProducerCertificate
from marknet.model.ids import IPType, is_st13, st13
from marknet.model.parts import (
    Designation,
    GoodsServices,
    MarkImage,
    Party,
    Priority,
    Publication,
    VerbalElement,
)
from marknet.model.record import Record
from marknet.model.trademark import Trademark

__all__ = [
    "CREATION_EVENTS", "ENDED", "IN_FORCE", "PENDING", "PUBLIC_STATUSES", "STATUS_GROUPS",
    "CertificateStatus", "Conclusion", "Designation", "DesignationStatus", "Event", "EventType",
    "GIKind",
    "GeographicalIndication", "GoodsServices", "IPType", "MarkFeature", "MarkImage",
    "MarkKind", "Party", "PartyRole", "Priority", "PriorityKind", "Procedure",
    "ProducerCertificate", "Publication", "Record", "RecordType", "Status", "Trademark",
    "VerbalElement", "is_st13", "record_from_dict", "record_to_dict", "st13",
]
