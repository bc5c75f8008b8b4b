"""Trademark applications and registrations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from marknet.model.enums import MarkFeature, MarkKind, Procedure, RecordType, Status
from marknet.model.ids import IPType, st13
from marknet.model.parts import (
    Designation,
    GoodsServices,
    MarkImage,
    Party,
    Priority,
    Publication,
    VerbalElement,
)

NICE_EDITION = "12-2024"


@dataclass(frozen=True, slots=True)
class Trademark:
    """A trademark application or registration as DESIGN.md §3 lists it.

    The dated event history lives in the register; this is the projected current state.
    """

    office: str
    application_number: str
    filing_date: dt.date
    status: Status = Status.FILED
    kind: MarkKind = MarkKind.INDIVIDUAL
    feature: MarkFeature = MarkFeature.WORD
    procedure: Procedure = Procedure.NATIONAL
    verbal_elements: tuple[VerbalElement, ...] = ()
    goods_services: tuple[GoodsServices, ...] = ()
    nice_edition: str = NICE_EDITION
    priorities: tuple[Priority, ...] = ()
    images: tuple[MarkImage, ...] = ()
    disclaimers: tuple[str, ...] = ()
    parties: tuple[Party, ...] = ()
    registration_number: str | None = None
    registration_date: dt.date | None = None
    expiry_date: dt.date | None = None
    publications: tuple[Publication, ...] = ()
    # Named facts of the national register the fields above have no place for
    # (model/particulars.py), e.g. {"initial_registration_number": "654321"}.
    particulars: dict[str, str] = field(default_factory=dict)
    # An international registration (procedure madrid, office WO): the states it designates.
    designations: tuple[Designation, ...] = ()

    record_type = RecordType.TRADEMARK

    @property
    def id(self) -> str:
        """The ST.13 identifier."""
        return st13(self.office, IPType.TRADEMARK, self.filing_date.year, self.application_number)

    @property
    def text(self) -> str:
        """The main verbal element (empty for purely figurative marks)."""
        return self.verbal_elements[0].text if self.verbal_elements else ""

    @property
    def nice_classes(self) -> tuple[int, ...]:
        return tuple(sorted({g.nice_class for g in self.goods_services}))

    @property
    def vienna_codes(self) -> tuple[str, ...]:
        return tuple(sorted({code for image in self.images for code in image.vienna_codes}))

    @property
    def priority_date(self) -> dt.date:
        """The earliest priority claimed, else the filing date."""
        return min([p.date for p in self.priorities] + [self.filing_date])
