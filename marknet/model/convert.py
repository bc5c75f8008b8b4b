"""Records to and from plain mappings (the JSON Lines shape), validating every field at once.

Input may be the short form the CLI contract names (``text``, ``nice_classes``) or the full
form that ``record_to_dict`` writes; output is always the full, canonical form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import Enum
from typing import Any

from marknet.errors import FieldError, ValidationError
from marknet.model.codelists import is_office_code
from marknet.model.enums import (
    CertificateStatus,
    GIKind,
    MarkFeature,
    MarkKind,
    PartyRole,
    PriorityKind,
    Procedure,
    RecordType,
    Status,
)
from marknet.model.fields import FieldReader
from marknet.model.gi import Conclusion, GeographicalIndication, ProducerCertificate
from marknet.model.parts import (
    GoodsServices,
    MarkImage,
    Party,
    Priority,
    Publication,
    VerbalElement,
)
from marknet.model.record import Record
from marknet.model.trademark import NICE_EDITION, Trademark
from marknet.model.validate import check_gi, check_trademark


def record_from_dict(data: Mapping[str, Any], today: dt.date | None = None) -> Record:
    """Build and validate a record; raises ValidationError listing every bad field."""
    if not isinstance(data, Mapping):
        raise ValidationError([FieldError("record", "must be a JSON object")])
    reader = FieldReader(data)
    kind = reader.enum("record_type", RecordType, RecordType.TRADEMARK)
    record: Record | None
    if kind is RecordType.GI:
        record = _gi(reader)
        if record is not None and not reader.errors:
            reader.errors += check_gi(record, today)
    else:
        record = _trademark(reader)
        if record is not None and not reader.errors:
            reader.errors += check_trademark(record, today)
    if reader.errors or record is None:
        raise ValidationError(reader.errors)
    return record


def _head(r: FieldReader) -> tuple[str, str, dt.date] | None:
    office = r.text("office", required=True)
    number = r.text("application_number", required=True, max_length=30)
    filed = r.date("filing_date", required=True)
    if office is not None and not is_office_code(office.upper()):
        r.fail("office", f"unknown office code {office!r} (ST.3)")
        return None
    if office is None or number is None or filed is None:
        return None
    return office.upper(), number, filed


def _trademark(r: FieldReader) -> Trademark | None:
    head = _head(r)
    elements = _verbal_elements(r, "verbal_elements")
    if not elements and (text := r.text("text", max_length=1000)):
        elements = (VerbalElement(text, r.text("language"), r.text("transliteration")),)
    goods = r.objects("goods_services", _goods)
    if not goods:
        goods = tuple(GoodsServices(c) for c in _class_list(r))
    status = r.enum("status", Status, Status.FILED)
    kind = r.enum("kind", MarkKind, MarkKind.INDIVIDUAL)
    feature = r.enum("feature", MarkFeature, MarkFeature.WORD)
    procedure = r.enum("procedure", Procedure, Procedure.NATIONAL)
    fields = dict(
        priorities=r.objects("priorities", _priority),
        images=r.objects("images", _image),
        disclaimers=r.strings("disclaimers"),
        parties=r.objects("parties", _party),
        registration_number=r.text("registration_number", max_length=30),
        registration_date=r.date("registration_date"),
        expiry_date=r.date("expiry_date"),
        publications=r.objects("publications", _publication),
        nice_edition=r.text("nice_edition", max_length=20) or NICE_EDITION,
    )
    if head is None or None in (status, kind, feature, procedure) or r.errors:
        return None
    assert status and kind and feature and procedure  # narrowed by the check above
    return Trademark(*head, status=status, kind=kind, feature=feature, procedure=procedure,
                     verbal_elements=elements, goods_services=goods, **fields)  # type: ignore[arg-type]


def _gi(r: FieldReader) -> GeographicalIndication | None:
    head = _head(r)
    names = _verbal_elements(r, "names")
    if not names and (text := r.text("text", max_length=1000)):
        names = (VerbalElement(text, r.text("language")),)
    nice_class = r.integer("nice_class")
    if nice_class is None and (classes := _class_list(r)):
        nice_class = classes[0]
    status = r.enum("status", Status, Status.FILED)
    kind = r.enum("kind", GIKind, GIKind.AO)
    boundary = r.raw("boundary")
    if boundary is not None and not isinstance(boundary, Mapping):
        r.fail("boundary", "must be a GeoJSON object")
    conclusion_data = r.raw("conclusion")
    conclusion = None
    if conclusion_data is not None and (child := r.child(conclusion_data, "conclusion")):
        conclusion = _conclusion(child)
    built = dict(
        product=r.text("product") or "", area=r.text("area") or "",
        properties=r.text("properties") or "", parties=r.objects("parties", _party),
        registration_number=r.text("registration_number", max_length=30),
        registration_date=r.date("registration_date"),
        certificates=r.objects("certificates", _certificate),
        publications=r.objects("publications", _publication),
    )
    if head is None or status is None or kind is None or r.errors:
        return None
    return GeographicalIndication(
        *head, kind=kind, status=status, names=names, nice_class=nice_class,
        boundary=dict(boundary) if isinstance(boundary, Mapping) else None,
        conclusion=conclusion, **built,  # type: ignore[arg-type]
    )


def _class_list(r: FieldReader) -> list[int]:
    classes: list[int] = []
    for i, value in enumerate(r.items("nice_classes")):
        if isinstance(value, bool) or not isinstance(value, int):
            r.fail(f"nice_classes[{i}]", f"must be an integer, not {value!r}")
        elif not 1 <= value <= 45:
            r.fail(f"nice_classes[{i}]", f"Nice class must be 1–45, not {value}")
        elif value not in classes:
            classes.append(value)
    return classes


def _verbal_elements(r: FieldReader, key: str) -> tuple[VerbalElement, ...]:
    return r.objects(key, _verbal_element)


def _verbal_element(r: FieldReader) -> VerbalElement | None:
    text = r.text("text", required=True, max_length=1000)
    language = r.text("language", max_length=3)
    element = VerbalElement(text or "", language.lower() if language else None,
                            r.text("transliteration", max_length=1000),
                            r.text("translation", max_length=1000))
    return element if text else None


def _goods(r: FieldReader) -> GoodsServices | None:
    nice_class = r.integer("nice_class", required=True)
    terms = r.strings("terms")
    return GoodsServices(nice_class, terms) if nice_class is not None else None


def _image(r: FieldReader) -> MarkImage | None:
    name = r.text("name", required=True)
    return MarkImage(name or "", r.strings("vienna_codes"), r.strings("colours")) if name else None


def _party(r: FieldReader) -> Party | None:
    name = r.text("name", required=True, max_length=2000)
    role = r.enum("role", PartyRole, PartyRole.APPLICANT)
    country = r.text("country", max_length=2)
    identifiers = r.raw("identifiers") or {}
    if not isinstance(identifiers, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in identifiers.items()
    ):
        r.fail("identifiers", "must map scheme names to strings")
        identifiers = {}
    if name is None or role is None:
        return None
    return Party(name, role, country.upper() if country else None, r.text("address"),
                 dict(identifiers))


def _priority(r: FieldReader) -> Priority | None:
    kind = r.enum("kind", PriorityKind, PriorityKind.PARIS)
    country = r.text("country", required=True, max_length=2)
    number = r.text("number", required=True, max_length=40)
    date = r.date("date", required=True)
    if kind is None or country is None or number is None or date is None:
        return None
    return Priority(kind, country.upper(), number, date)


def _publication(r: FieldReader) -> Publication | None:
    bulletin = r.text("bulletin", required=True, max_length=100)
    date = r.date("date", required=True)
    subject = r.text("subject", max_length=100) or "application"
    return Publication(bulletin, date, subject) if bulletin and date else None


def _conclusion(r: FieldReader) -> Conclusion | None:
    authority = r.text("authority", required=True)
    if authority is None:
        return None
    return Conclusion(authority, r.date("date"), r.text("number"), r.text("summary"))


def _certificate(r: FieldReader) -> ProducerCertificate | None:
    number = r.text("number", required=True, max_length=30)
    producer = None
    if (data := r.raw("producer", required=True)) is not None and (child := r.child(data, "producer")):
        producer = _party(child)
    filed = r.date("filing_date", required=True)
    status = r.enum("status", CertificateStatus, CertificateStatus.VALID)
    conclusion = None
    if (data := r.raw("conclusion")) is not None and (child := r.child(data, "conclusion")):
        conclusion = _conclusion(child)
    if number is None or producer is None or filed is None or status is None:
        return None
    return ProducerCertificate(number, producer, filed, r.date("registration_date"),
                               r.date("expiry_date"), status, conclusion)


def record_to_dict(record: Record) -> dict[str, Any]:
    """The canonical mapping of a record: JSON-ready, empty values left out, id included."""
    out: dict[str, Any] = {"id": record.id, "record_type": record.record_type.value}
    out.update(_plain(record))
    return out


_DATACLASSES = (Trademark, GeographicalIndication, VerbalElement, GoodsServices, MarkImage, Party,
                Priority, Publication, Conclusion, ProducerCertificate)
_FIELDS: dict[type, tuple[str, ...]] = {cls: tuple(cls.__dataclass_fields__) for cls in _DATACLASSES}
_EMPTY: tuple[Any, ...] = (None, "", (), [], {})


def _plain(value: Any) -> Any:
    """JSON-ready form; dispatch on the exact type because this runs for every field exported."""
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is not None:
        out: dict[str, Any] = {}
        for name in names:
            item = getattr(value, name)
            if item is None or (item in _EMPTY if kind is not dict else not item):
                continue
            out[name] = _plain(item)
        return out
    if kind is tuple or kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    if kind is dt.date:
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value
