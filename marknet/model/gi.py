"""Geographical indications, appellations of origin and producers' certificates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from marknet.model.enums import CertificateStatus, GIKind, RecordType, Status
from marknet.model.ids import IPType, st13
from marknet.model.parts import Party, Publication, VerbalElement


@dataclass(frozen=True, slots=True)
class Conclusion:
    """The competent authority's conclusion on the place and the product's properties."""

    authority: str
    date: dt.date | None = None
    number: str | None = None
    summary: str | None = None  # what it certifies
    valid_until: dt.date | None = None  # where the authority limits it


def certificate_status(recorded: CertificateStatus | str, expiry: dt.date | str | None,
                       day: dt.date) -> CertificateStatus:
    """A right's status on ``day``: an ended right as recorded, else expired once its term is
    over (whether or not the clock has recorded the lapse yet)."""
    status = CertificateStatus(recorded)
    if status is not CertificateStatus.VALID:
        return status
    ends = dt.date.fromisoformat(expiry) if isinstance(expiry, str) else expiry
    if ends is not None and day > ends:
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


@dataclass(frozen=True, slots=True)
class ProducerCertificate:
    """A producer's certificate of the (exclusive) right to use a registered GI/AO.

    Valid 10 years from the producer's filing date, renewable with a fresh conclusion.
    """

    number: str
    producer: Party
    filing_date: dt.date
    registration_date: dt.date | None = None
    expiry_date: dt.date | None = None
    status: CertificateStatus = CertificateStatus.VALID
    conclusion: Conclusion | None = None

    def status_on(self, day: dt.date) -> CertificateStatus:
        return certificate_status(self.status, self.expiry_date, day)


@dataclass(frozen=True, slots=True)
class GeographicalIndication:
    """A GI or appellation of origin: the name in each protected language, product, area."""

    office: str
    application_number: str
    filing_date: dt.date
    kind: GIKind = GIKind.AO
    status: Status = Status.FILED
    names: tuple[VerbalElement, ...] = ()
    product: str = ""
    nice_class: int | None = None
    area: str = ""
    # GeoJSON geometry of the area, where known.
    boundary: dict[str, Any] | None = field(default=None, compare=True)
    properties: str = ""
    conclusion: Conclusion | None = None
    parties: tuple[Party, ...] = ()
    registration_number: str | None = None
    registration_date: dt.date | None = None
    certificates: tuple[ProducerCertificate, ...] = ()
    publications: tuple[Publication, ...] = ()

    record_type = RecordType.GI

    @property
    def id(self) -> str:
        return st13(
            self.office, IPType.GEOGRAPHICAL_INDICATION, self.filing_date.year,
            self.application_number,
        )

    @property
    def text(self) -> str:
        return self.names[0].text if self.names else ""

    @property
    def nice_classes(self) -> tuple[int, ...]:
        return (self.nice_class,) if self.nice_class is not None else ()

