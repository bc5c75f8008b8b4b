"""ST.66 trademark reader (namespace ``http://www.wipo.int/standards/XMLSchema/trademarks``).

The same element vocabulary serves Rospatent's pending applications, which its ST.96 profile
publishes as ``TradeMarkApplication/TradeMarkDetails/TradeMark``; ``st96`` calls
``trademark`` for those. Elements are matched by local name, so national extensions (USPTO's
``ns2:`` blocks) are simply ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from marknet.formats.items import ImportItem
from marknet.formats.records import (
    RecordError,
    build_item,
    compact,
    date_or_none,
    dedupe,
    nice_number,
    vienna_code,
)
from marknet.formats.st96_tables import (
    EAEU_PROCEDURE_COUNTRIES,
    HOLDER_COMMENT,
    ST66,
    infer_feature,
    read_feature,
    read_kind,
    read_status,
)
from marknet.formats.xmlsafe import Element, find, findall, iter_records, text, texts

NAMESPACES = frozenset({ST66})


def read_st66(path: Path, office: str | None = None) -> Iterator[ImportItem]:
    """Stream the ``TradeMark`` records of an ST.66 document as ImportItems."""
    # USPTO puts applicants and representatives beside TradeMarkDetails, in the enclosing
    # TransactionData, so that is the unit read (marknet writes one mark per transaction).
    for position, data in iter_records(path, ("TransactionData",), NAMESPACES):
        for index, mark in enumerate(findall(data, "TradeMarkDetails/TradeMark"), 1):
            yield build_item(f"{position}/TradeMarkDetails/TradeMark[{index}]",
                             partial(trademark, mark, office, data))


def trademark(element: Element, office: str | None = None,
              transaction: Element | None = None) -> dict[str, Any]:
    """One ``TradeMark`` → a mapping; parties may sit in the enclosing ``transaction``."""
    words = [w for w in map(_verbal, findall(element, "WordMarkSpecification")) if w]
    images = [i for i in map(_image, findall(element, "MarkImageDetails/MarkImage")) if i]
    feature = read_feature(text(element, "MarkFeature"), None)
    goods = _goods(element)
    return compact({
        "record_type": "trademark",
        "office": text(element, "RegistrationOfficeCode") or office,
        "application_number": text(element, "ApplicationNumber"),
        "filing_date": date_or_none(text(element, "ApplicationDate"), "filing_date"),
        "status": _status(element),
        "kind": read_kind(texts(element, "KindMark")),
        "feature": feature or infer_feature(bool(words), bool(images)),
        "procedure": _procedure(element),
        "verbal_elements": words,
        "goods_services": goods,
        "nice_edition": text(element, "GoodsServicesDetails/GoodsServices/ClassificationVersion"),
        "priorities": _priorities(element),
        "images": images,
        "disclaimers": texts(element, "MarkDisclaimerDetails/MarkDisclaimer"),
        "parties": dedupe(p for p in _parties(element, transaction) if p),
        "registration_number": text(element, "RegistrationNumber"),
        "registration_date": date_or_none(text(element, "RegistrationDate"),
                                          "registration_date"),
        "expiry_date": date_or_none(text(element, "ExpiryDate"), "expiry_date"),
        "publications": _publications(element),
    })


def _status(element: Element) -> str | None:
    records = findall(element, "MarkRecordDetails/MarkRecord")
    if records:
        kinds = " ".join(t.text or "" for t in records[-1].iter() if "Kind" in str(t.tag))
        if "non renewal" in " ".join(kinds.split()).casefold():
            return "expired"
    code = text(element, "MarkCurrentStatusCode")
    return read_status(code) if code else None


def _procedure(element: Element) -> str:
    designated = set(texts(element, "DesignatedCountryDetails/DesignatedCountry/"
                                    "DesignatedCountryCode"))
    return "eaeu" if designated.issuperset(EAEU_PROCEDURE_COUNTRIES) else "national"


def _verbal(spec: Element) -> dict[str, Any] | None:
    node = find(spec, "MarkVerbalElementText")
    if node is None or not (node.text and node.text.strip()):
        return None
    return compact({"text": node.text.strip(), "language": node.get("languageCode"),
                    "transliteration": text(spec, "MarkTransliteration"),
                    "translation": text(spec, "MarkTranslation")})


def _image(image: Element) -> dict[str, Any] | None:
    name = text(image, "MarkImageFilename") or text(image, "MarkImageURI")
    if not name:
        return None
    codes = [vienna_code(c) for c in texts(image, "MarkImageCategory/CategoryCodeDetails/"
                                                  "CategoryCode")]
    return compact({"name": name, "vienna_codes": codes,
                    "colours": texts(image, "MarkImageColourClaimedText")})


def _goods(element: Element) -> list[dict[str, Any]]:
    by_class: dict[int, list[str]] = {}
    for node in findall(element, "GoodsServicesDetails/GoodsServices/ClassDescriptionDetails/"
                                 "ClassDescription"):
        number = text(node, "ClassNumber")
        if number is not None:
            by_class.setdefault(nice_number(number), []).extend(
                texts(node, "GoodsServicesDescription"))
    return [compact({"nice_class": c, "terms": t}) for c, t in by_class.items()]


def _priorities(element: Element) -> list[dict[str, Any]]:
    out = []
    for kind, path, prefix in (("paris", "PriorityDetails/Priority", "Priority"),
                               ("exhibition", "ExhibitionPriorityDetails/ExhibitionPriority",
                                "Exhibition")):
        for node in findall(element, path):
            # USPTO puts the foreign filing date only in its extension block.
            date = text(node, f"{prefix}Date") or text(node, "PriorityExt/"
                                                             "ForeignApplicationFilingDate")
            out.append({"kind": kind, "country": text(node, f"{prefix}CountryCode"),
                        "number": text(node, f"{prefix}Number"),
                        "date": date_or_none(date, "priorities.date")})
    return out


def _publications(element: Element) -> list[dict[str, Any]]:
    out = []
    for node in findall(element, "PublicationDetails/Publication"):
        date = date_or_none(text(node, "PublicationDate"), "publications.date")
        if date is not None:
            out.append({"bulletin": text(node, "PublicationIdentifier"), "date": date,
                        "subject": text(node, "PublicationSection") or "application"})
    return out


def _parties(element: Element,
             transaction: Element | None) -> Iterator[dict[str, Any] | None]:
    scopes = [element] if transaction is None else [element, transaction]
    for scope in scopes:
        yield from _scoped_parties(scope)


def _scoped_parties(element: Element) -> Iterator[dict[str, Any] | None]:
    for node in findall(element, "ApplicantDetails/Applicant"):
        comment = (text(node, "Comment") or "").casefold()
        role = "holder" if HOLDER_COMMENT.casefold() in comment else "applicant"
        yield _party(node, "Applicant", role)
    for node in findall(element, "RepresentativeDetails/Representative"):
        yield _party(node, "Representative", "representative")
    for node in findall(element, "LicenceDetails/Licence/LicenseeDetails/Licensee"):
        yield _party(node, "Licensee", "licensee")


def _party(node: Element, prefix: str, role: str) -> dict[str, Any] | None:
    book = find(node, f"{prefix}AddressBook/FormattedNameAddress")
    if book is None:
        book = find(node, f"{prefix}AddressBook/FreeFormatNameAddress")
    name = " ".join(texts(book, "Name/FreeFormatName/FreeFormatNameDetails/FreeFormatNameLine")
                    ) if book is not None else ""
    if not name and book is not None:
        name = text(book, "Name/FormattedName/OrganizationName") or ""
    address = _address(book) if book is not None else None
    if not name:
        if address is None:
            return None  # an empty placeholder, as USPTO writes them
        raise RecordError(f"parties: a {role} without a name")
    identifiers = {}
    for ident in findall(node, f"{prefix}Identifier"):
        scheme, _, value = (ident.text or "").strip().rpartition(":")
        if value:
            identifiers[scheme or "id"] = value
    country = (text(node, f"{prefix}IncorporationCountryCode")
               or text(node, f"{prefix}NationalityCode")
               or (text(book, "Address/FormattedAddress/FormattedAddressCountryCode")
                   if book is not None else None))
    return compact({"name": name, "role": role, "country": country,
                    "address": address, "identifiers": identifiers})


def _address(book: Element) -> str | None:
    lines = texts(book, "Address/FreeFormatAddress/FreeFormatAddressLine")
    if not lines:
        formatted = find(book, "Address/FormattedAddress")
        if formatted is not None:
            lines = [t for p in ("AddressBuilding", "AddressRoom", "AddressStreet",
                                 "AddressCity", "AddressState", "AddressPostcode")
                     if (t := text(formatted, p))]
    return ", ".join(lines) or None
