"""Value objects shared by trademarks and GIs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from marknet.model.enums import DesignationStatus, PartyRole, PriorityKind


@dataclass(frozen=True, slots=True)
class VerbalElement:
    """A word element of a sign, in one language, with the transliteration given for it.

    ``translation`` is the localised form (meaning) where the applicant or office gave one.
    """

    text: str
    language: str | None = None
    transliteration: str | None = None
    translation: str | None = None


@dataclass(frozen=True, slots=True)
class GoodsServices:
    """One Nice class of a specification, with its terms."""

    nice_class: int
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MarkImage:
    """A figurative element: file or reference, its Vienna codes and claimed colours.

    ``sha256`` names the image's bytes in the node's image store; it sits in the record's
    events, so the register's hash chain covers the image itself, not only its name.
    """

    name: str
    vienna_codes: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """Applicant, holder, representative, producer or licensee."""

    name: str
    role: PartyRole = PartyRole.APPLICANT
    country: str | None = None
    address: str | None = None
    # National identifiers by scheme, e.g. {"INN": "7708004767", "OGRN": "..."}.
    identifiers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Priority:
    """A claimed priority: the earlier filing (Paris) or showing (exhibition) it rests on. The
    exhibition's certificate is its ``proof``."""

    kind: PriorityKind
    country: str
    number: str
    date: dt.date
    proof: str | None = None


@dataclass(frozen=True, slots=True)
class Publication:
    """An official publication: the bulletin's identifier and date, and what it published."""

    bulletin: str
    date: dt.date
    subject: str = "application"


@dataclass(frozen=True, slots=True)
class Designation:
    """A member state an international registration designates: since when, and its decision."""

    country: str
    date: dt.date
    status: DesignationStatus = DesignationStatus.PENDING
