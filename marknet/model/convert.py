"""Records to and from plain mappings (the JSON Lines shape), validating every field at once.

Input may be the short form the CLI contract names (``text``, ``nice_classes``) or the full
form that ``record_to_dict`` writes; output is always the full, canonical form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from marknet.errors import FieldError, ValidationError
from marknet.model.codelists import is_office_code
from marknet.model.enums import (
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
from marknet.model.fields import FieldReader
from marknet.model.gi import Conclusion, GeographicalIndication, ProducerCertificate
from marknet.model.particulars import particular_problem
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
from marknet.model.trademark import NICE_EDITION, Trademark
from marknet.model.validate import check_gi, check_trademark

# Stands in for a missing head so the other fields are still read (and their errors reported);
# a record built with it is never returned.
_NO_HEAD = ("", "", dt.date(1, 1, 1))


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
    goods = r.objects("goods_services", _goods) or tuple(
        GoodsServices(c) for c in _class_list(r))
    office, number, filed = head or _NO_HEAD
    mark = Trademark(
        office, number, filed,
        status=r.choice("status", Status, Status.FILED),
        kind=r.choice("kind", MarkKind, MarkKind.INDIVIDUAL),
        feature=r.choice("feature", MarkFeature, MarkFeature.WORD),
        procedure=r.choice("procedure", Procedure, Procedure.NATIONAL),
        verbal_elements=elements, goods_services=goods,
        nice_edition=r.text("nice_edition", max_length=20) or NICE_EDITION,
        priorities=r.objects("priorities", _priority),
        images=r.objects("images", _image),
        disclaimers=r.strings("disclaimers"),
        parties=r.objects("parties", _party),
        registration_number=r.text("registration_number", max_length=30),
        registration_date=r.date("registration_date"),
        expiry_date=r.date("expiry_date"),
        publications=r.objects("publications", _publication),
        particulars=_particulars(r),
        designations=r.objects("designations", _designation),
    )
    return None if head is None or r.errors else mark


def _gi(r: FieldReader) -> GeographicalIndication | None:
    head = _head(r)
    names = _verbal_elements(r, "names")
    if not names and (text := r.text("text", max_length=1000)):
        names = (VerbalElement(text, r.text("language")),)
    nice_class = r.integer("nice_class")
    if nice_class is None and (classes := _class_list(r)):
        nice_class = classes[0]
    boundary = r.raw("boundary")
    if boundary is not None and not isinstance(boundary, Mapping):
        r.fail("boundary", "must be a GeoJSON object")
    conclusion = None
    if (data := r.raw("conclusion")) is not None and (child := r.child(data, "conclusion")):
        conclusion = _conclusion(child)
    office, number, filed = head or _NO_HEAD
    gi = GeographicalIndication(
        office, number, filed,
        kind=r.choice("kind", GIKind, GIKind.AO),
        status=r.choice("status", Status, Status.FILED),
        names=names, product=r.text("product") or "", nice_class=nice_class,
        area=r.text("area") or "",
        boundary=dict(boundary) if isinstance(boundary, Mapping) else None,
        properties=r.text("properties") or "", conclusion=conclusion,
        parties=r.objects("parties", _party),
        registration_number=r.text("registration_number", max_length=30),
        registration_date=r.date("registration_date"),
        certificates=r.objects("certificates", _certificate),
        publications=r.objects("publications", _publication),
    )
    return None if head is None or r.errors else gi


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
    sha256 = r.text("sha256", max_length=64)
    return MarkImage(name or "", r.strings("vienna_codes"), r.strings("colours"),
                     sha256.lower() if sha256 else None) if name else None


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


def _particulars(r: FieldReader) -> dict[str, str]:
    raw = r.raw("particulars") or {}
    if not isinstance(raw, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        r.fail("particulars", "must map particular names to strings")
        return {}
    for name, value in raw.items():
        if problem := particular_problem(name, value):
            r.fail(f"particulars.{name}", problem)
    return {name: value for name, value in sorted(raw.items()) if value}


def _designation(r: FieldReader) -> Designation | None:
    country = r.text("country", required=True, max_length=2)
    date = r.date("date", required=True)
    status = r.enum("status", DesignationStatus, DesignationStatus.PENDING)
    if country is None or date is None or status is None:
        return None
    return Designation(country.upper(), date, status)


def _priority(r: FieldReader) -> Priority | None:
    kind = r.enum("kind", PriorityKind, PriorityKind.PARIS)
    country = r.text("country", required=True, max_length=2)
    number = r.text("number", required=True, max_length=40)
    date = r.date("date", required=True)
    proof = r.text("proof", max_length=500)
    if kind is None or country is None or number is None or date is None:
        return None
    return Priority(kind, country.upper(), number, date, proof)


def _publication(r: FieldReader) -> Publication | None:
    bulletin = r.text("bulletin", required=True, max_length=100)
    date = r.date("date", required=True)
    subject = r.text("subject", max_length=100) or "application"
    return Publication(bulletin, date, subject) if bulletin and date else None


def _conclusion(r: FieldReader) -> Conclusion | None:
    authority = r.text("authority", required=True)
    if authority is None:
        return None
    return Conclusion(authority, r.date("date"), r.text("number"), r.text("summary"),
                      r.date("valid_until"))


def _certificate(r: FieldReader) -> ProducerCertificate | None:
    number = r.text("number", required=True, max_length=30)
    producer = None
    data = r.raw("producer", required=True)
    if data is not None and (child := r.child(data, "producer")):
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
    """The canonical mapping of a record: JSON-ready, empty values left out, id included.

    Written out field by field (no reflection) because export and import run it per record.
    """
    if isinstance(record, GeographicalIndication):
        return _gi_dict(record)
    out: dict[str, Any] = {
        "id": record.id, "record_type": "trademark", "office": record.office,
        "application_number": record.application_number,
        "filing_date": record.filing_date.isoformat(), "status": record.status.value,
        "kind": record.kind.value, "feature": record.feature.value,
        "procedure": record.procedure.value,
    }
    _put(out, "verbal_elements", [_element(v) for v in record.verbal_elements])
    _put(out, "goods_services", [_goods_dict(g) for g in record.goods_services])
    out["nice_edition"] = record.nice_edition
    _put(out, "priorities", [{"kind": p.kind.value, "country": p.country, "number": p.number,
                              "date": p.date.isoformat(),
                              **({"proof": p.proof} if p.proof else {})}
                             for p in record.priorities])
    _put(out, "images", [_image_dict(i) for i in record.images])
    _put(out, "disclaimers", list(record.disclaimers))
    _put(out, "parties", [_party_dict(p) for p in record.parties])
    _put(out, "registration_number", record.registration_number)
    _put(out, "registration_date", _iso(record.registration_date))
    _put(out, "expiry_date", _iso(record.expiry_date))
    _put(out, "publications", [_publication_dict(p) for p in record.publications])
    _put(out, "particulars", dict(record.particulars))
    _put(out, "designations", [{"country": d.country, "date": d.date.isoformat(),
                                "status": d.status.value} for d in record.designations])
    return out


def _gi_dict(gi: GeographicalIndication) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": gi.id, "record_type": "gi", "office": gi.office,
        "application_number": gi.application_number, "filing_date": gi.filing_date.isoformat(),
        "kind": gi.kind.value, "status": gi.status.value,
    }
    _put(out, "names", [_element(v) for v in gi.names])
    _put(out, "product", gi.product)
    _put(out, "nice_class", gi.nice_class)
    _put(out, "area", gi.area)
    _put(out, "boundary", gi.boundary)
    _put(out, "properties", gi.properties)
    _put(out, "conclusion", _conclusion_dict(gi.conclusion))
    _put(out, "parties", [_party_dict(p) for p in gi.parties])
    _put(out, "registration_number", gi.registration_number)
    _put(out, "registration_date", _iso(gi.registration_date))
    _put(out, "certificates", [_certificate_dict(c) for c in gi.certificates])
    _put(out, "publications", [_publication_dict(p) for p in gi.publications])
    return out


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != "" and value != [] and value != {}:
        out[key] = value


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _element(v: VerbalElement) -> dict[str, Any]:
    out: dict[str, Any] = {"text": v.text}
    _put(out, "language", v.language)
    _put(out, "transliteration", v.transliteration)
    _put(out, "translation", v.translation)
    return out


def _goods_dict(g: GoodsServices) -> dict[str, Any]:
    return {"nice_class": g.nice_class, "terms": list(g.terms)} if g.terms else {
        "nice_class": g.nice_class}


def _image_dict(i: MarkImage) -> dict[str, Any]:
    out: dict[str, Any] = {"name": i.name}
    _put(out, "vienna_codes", list(i.vienna_codes))
    _put(out, "colours", list(i.colours))
    _put(out, "sha256", i.sha256)
    return out


def _party_dict(p: Party) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "role": p.role.value}
    _put(out, "country", p.country)
    _put(out, "address", p.address)
    _put(out, "identifiers", dict(p.identifiers))
    return out


def _publication_dict(p: Publication) -> dict[str, Any]:
    return {"bulletin": p.bulletin, "date": p.date.isoformat(), "subject": p.subject}


def _conclusion_dict(c: Conclusion | None) -> dict[str, Any] | None:
    if c is None:
        return None
    out: dict[str, Any] = {"authority": c.authority}
    _put(out, "date", _iso(c.date))
    _put(out, "number", c.number)
    _put(out, "summary", c.summary)
    _put(out, "valid_until", _iso(c.valid_until))
    return out


def _certificate_dict(c: ProducerCertificate) -> dict[str, Any]:
    out: dict[str, Any] = {"number": c.number, "producer": _party_dict(c.producer),
                           "filing_date": c.filing_date.isoformat(), "status": c.status.value}
    _put(out, "registration_date", _iso(c.registration_date))
    _put(out, "expiry_date", _iso(c.expiry_date))
    _put(out, "conclusion", _conclusion_dict(c.conclusion))
    return out
