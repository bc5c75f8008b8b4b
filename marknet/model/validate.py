"""Semantic checks of a whole record; every problem is reported, none stops the others."""

from __future__ import annotations

import datetime as dt
import re

from marknet.errors import FieldError
from marknet.model.codelists import (
    NICE_CLASSES,
    is_office_code,
    is_st3_code,
    is_vienna_code,
    normalise_vienna,
    vienna_codes,
)
from marknet.model.dates import add_months
from marknet.model.enums import VERBAL_FEATURES, MarkKind, Procedure
from marknet.model.gi import GeographicalIndication
from marknet.model.ids import ST13_LENGTH, serial_digits
from marknet.model.parts import Party, VerbalElement
from marknet.model.trademark import Trademark

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_APPLICATION_NUMBER = re.compile(r"^[0-9A-Za-z/\-. ]{1,30}$")
PRIORITY_MONTHS = 6
_EARLIEST = dt.date(1800, 1, 1)


def check_trademark(mark: Trademark, today: dt.date | None = None) -> list[FieldError]:
    errors = _check_common(mark.office, mark.application_number, mark.filing_date, today)
    if mark.feature in VERBAL_FEATURES and not mark.verbal_elements:
        errors.append(FieldError("text", f"a {mark.feature.value} mark needs a verbal element"))
    errors += _check_elements(mark.verbal_elements, "verbal_elements")
    seen: set[int] = set()
    for i, goods in enumerate(mark.goods_services):
        if goods.nice_class not in NICE_CLASSES:
            errors.append(FieldError(f"goods_services[{i}].nice_class",
                                     f"Nice class must be 1–45, not {goods.nice_class}"))
        elif goods.nice_class in seen:
            errors.append(FieldError(f"goods_services[{i}].nice_class",
                                     f"class {goods.nice_class} is listed twice"))
        seen.add(goods.nice_class)
    if mark.procedure is Procedure.EAEU and mark.kind is MarkKind.CERTIFICATION:
        errors.append(FieldError("kind", "the EAEU system has no certification marks"))
    for i, priority in enumerate(mark.priorities):
        if not is_st3_code(priority.country):
            errors.append(FieldError(f"priorities[{i}].country",
                                     f"unknown ST.3 code {priority.country!r}"))
        if priority.date > mark.filing_date:
            errors.append(FieldError(f"priorities[{i}].date", "is after the filing date"))
        elif add_months(priority.date, PRIORITY_MONTHS) < mark.filing_date:
            errors.append(FieldError(f"priorities[{i}].date",
                                     f"is more than {PRIORITY_MONTHS} months before filing"))
    for i, image in enumerate(mark.images):
        errors += [FieldError(f"images[{i}].vienna_codes", problem)
                   for problem in map(vienna_problem, image.vienna_codes) if problem]
        if image.sha256 is not None and not _SHA256.match(image.sha256):
            errors.append(FieldError(f"images[{i}].sha256",
                                     f"{image.sha256!r} is not a SHA-256 in hex"))
    errors += _check_parties(mark.parties)
    errors += _check_registration(mark.filing_date, mark.registration_date, mark.expiry_date)
    errors += _check_designations(mark)
    return errors


def _check_designations(mark: Trademark) -> list[FieldError]:
    """An international registration is WIPO's (office WO) and designates at least one state."""
    if mark.procedure is not Procedure.MADRID:
        return [FieldError("designations", "only an international registration (procedure "
                                           "madrid) designates states")
                ] if mark.designations else []
    errors = [] if mark.office == "WO" else [FieldError(
        "office", f"an international registration is recorded by WIPO (WO), not {mark.office}")]
    if not mark.designations:
        errors.append(FieldError("designations", "an international registration needs at "
                                                 "least one designated state"))
    seen: set[str] = set()
    for i, designation in enumerate(mark.designations):
        where = f"designations[{i}]"
        if not is_office_code(designation.country) or designation.country == "WO":
            errors.append(FieldError(f"{where}.country",
                                     f"unknown ST.3 country code {designation.country!r}"))
        elif designation.country in seen:
            errors.append(FieldError(f"{where}.country",
                                     f"{designation.country} is designated twice"))
        seen.add(designation.country)
        if designation.date < mark.filing_date:
            errors.append(FieldError(f"{where}.date",
                                     "is before the international registration date"))
    return errors


def check_gi(gi: GeographicalIndication, today: dt.date | None = None) -> list[FieldError]:
    errors = _check_common(gi.office, gi.application_number, gi.filing_date, today)
    if not gi.names:
        errors.append(FieldError("names", "a GI needs its name in at least one language"))
    errors += _check_elements(gi.names, "names")
    if gi.nice_class is not None and gi.nice_class not in NICE_CLASSES:
        errors.append(FieldError("nice_class", f"Nice class must be 1–45, not {gi.nice_class}"))
    if not gi.product:
        errors.append(FieldError("product", "is required"))
    errors += _check_parties(gi.parties)
    errors += _check_registration(gi.filing_date, gi.registration_date, None)
    numbers: set[str] = set()
    for i, cert in enumerate(gi.certificates):
        where = f"certificates[{i}]"
        if cert.number in numbers:
            errors.append(FieldError(f"{where}.number", f"certificate {cert.number} repeated"))
        numbers.add(cert.number)
        errors += [FieldError(f"{where}.{e.field}", e.message)
                   for e in _check_registration(cert.filing_date, cert.registration_date,
                                                cert.expiry_date)]
        if cert.producer.country and not is_st3_code(cert.producer.country):
            errors.append(FieldError(f"{where}.producer.country",
                                     f"unknown ST.3 code {cert.producer.country!r}"))
    return errors


def vienna_problem(code: str) -> str | None:
    """Why *code* is not a Vienna category (26), division (26.04) or section (26.04.02)."""
    if normalise_vienna(code) != code:
        return f"{code!r} is not a Vienna code (26, 26.04 or 26.04.02)"
    if not is_vienna_code(code):
        return f"unknown Vienna code {code!r} ({_valid_near(code)})"
    return None


_SHOWN_CODES = 30


def _valid_near(code: str) -> str:
    """The valid codes at the unknown code's level under its nearest known parent, so the
    caller sees what to write instead (all 29 categories, or one category's divisions…)."""
    parts = code.split(".")
    depth = len(parts)
    children: list[str] = []
    while not children and depth > 0:
        depth -= 1
        parent = ".".join(parts[:depth])
        if parent and not is_vienna_code(parent):
            continue
        children = [c for c in vienna_codes() if c.count(".") == depth
                    and (not parent or c.startswith(parent + "."))]
    shown = ", ".join(children[:_SHOWN_CODES]) + (", …" if len(children) > _SHOWN_CODES else "")
    return f"valid under {parent}: {shown}" if parent else f"the categories are {shown}"


def _check_common(office: str, number: str, filed: dt.date,
                  today: dt.date | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if not is_office_code(office):
        errors.append(FieldError("office", f"unknown office code {office!r} (ST.3)"))
    if not _APPLICATION_NUMBER.match(number):
        errors.append(FieldError("application_number", f"malformed: {number!r}"))
    else:
        serial = serial_digits(number, filed.year)
        if not serial:
            errors.append(FieldError("application_number", f"has no digits: {number!r}"))
        elif len(serial) > ST13_LENGTH - 8:
            errors.append(FieldError("application_number",
                                     f"serial {serial} is too long for an ST.13 id"))
    if filed < _EARLIEST or filed > (today or dt.date.today()) + dt.timedelta(days=1):
        errors.append(FieldError("filing_date", f"is not plausible: {filed.isoformat()}"))
    return errors


def _check_elements(elements: tuple[VerbalElement, ...], key: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, element in enumerate(elements):
        if not element.text.strip():
            errors.append(FieldError(f"{key}[{i}].text", "must not be empty"))
        if element.language is not None and not _LANGUAGE.match(element.language):
            errors.append(FieldError(f"{key}[{i}].language",
                                     f"must be an ISO 639 code like 'ru', not "
                                     f"{element.language!r}"))
    return errors


def _check_parties(parties: tuple[Party, ...]) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, party in enumerate(parties):
        if not party.name.strip():
            errors.append(FieldError(f"parties[{i}].name", "must not be empty"))
        if party.country is not None and not is_st3_code(party.country):
            errors.append(FieldError(f"parties[{i}].country",
                                     f"unknown ST.3 code {party.country!r}"))
    return errors


def _check_registration(filed: dt.date, registered: dt.date | None,
                        expires: dt.date | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if registered is not None and registered < filed:
        errors.append(FieldError("registration_date", "is before the filing date"))
    if expires is not None and expires <= (registered or filed):
        errors.append(FieldError("expiry_date", "is not after the filing/registration date"))
    return errors
