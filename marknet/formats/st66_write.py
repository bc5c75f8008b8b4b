"""ST.66 export, for offices that still consume it.

WIPO's ST.66 schema is not in the reference data, so these documents follow the ST.66
element vocabulary (and the ST.66↔ST.96 map in data/st96/st66-st96-mapping) but are checked
only by reading them back. ST.66 has no geographical indications: GI records are skipped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from marknet.formats.records import as_mapping
from marknet.formats.st96_tables import (
    EAEU_PROCEDURE_COUNTRIES,
    HOLDER_COMMENT,
    ST66,
    STATUS_TO_ST96,
)
from marknet.formats.xmlbuild import Builder, Element, SplitWriter
from marknet.model import Record

B = Builder({None: ST66})  # type: ignore[dict-item]  # lxml uses None for the default namespace
KIND = {"individual": "Individual", "collective": "Collective",
        "certification": "Certification"}


def write_st66(records: Iterable[Record | Mapping[str, Any]], out_dir: Path,
               per_file: int = 10_000) -> list[Path]:
    """Write trademarks as ST.66 ``Transaction`` files ``st66-NNNNN.xml``; GIs are skipped."""
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = SplitWriter(out_dir, "st66", per_file, _open)
    try:
        for record in records:
            data = as_mapping(record)
            if data.get("record_type") != "gi":
                writer.write(transaction_body(data))
    finally:
        writer.close()
    return writer.paths


def _open(xf: Any, stack: contextlib.ExitStack, index: int) -> None:
    stack.enter_context(xf.element(B.qname("Transaction"), nsmap={None: ST66}))


def transaction_body(record: Mapping[str, Any]) -> Element:
    """One transaction body per mark, so readers can stream mark by mark."""
    body = B.root("TradeMarkTransactionBody")
    content = B.sub(body, "TransactionContentDetails")
    B.sub(content, "TransactionIdentifier", record.get("id") or record["application_number"])
    B.sub(content, "TransactionCode", "Trademark Information")
    details = B.sub(B.sub(content, "TransactionData"), "TradeMarkDetails")
    details.append(trademark_element(record))
    return body


def trademark_element(record: Mapping[str, Any]) -> Element:
    b = B
    mark = b.root("TradeMark")
    b.sub(mark, "RegistrationOfficeCode", record["office"])
    b.sub(mark, "ApplicationNumber", record["application_number"])
    b.sub(mark, "ApplicationDate", record["filing_date"])
    b.opt(mark, "RegistrationNumber", record.get("registration_number"))
    b.opt(mark, "RegistrationDate", record.get("registration_date"))
    b.opt(mark, "ExpiryDate", record.get("expiry_date"))
    b.sub(mark, "MarkCurrentStatusCode", STATUS_TO_ST96[record.get("status", "filed")])
    b.sub(mark, "KindMark", KIND[record.get("kind", "individual")])
    b.sub(mark, "MarkFeature", record.get("feature", "Word"))
    if record.get("disclaimers"):
        bag = b.sub(mark, "MarkDisclaimerDetails")
        for text in record["disclaimers"]:
            b.sub(bag, "MarkDisclaimer", text)
    for word in record.get("verbal_elements") or []:
        spec = b.sub(mark, "WordMarkSpecification")
        node = b.sub(spec, "MarkVerbalElementText", word["text"])
        if word.get("language"):
            node.set("languageCode", word["language"])
        b.opt(spec, "MarkTranslation", word.get("translation"))
        b.opt(spec, "MarkTransliteration", word.get("transliteration"))
    _images(b, mark, record.get("images") or [])
    _goods(b, mark, record)
    _priorities(b, mark, record.get("priorities") or [])
    _publications(b, mark, record.get("publications") or [])
    if record.get("procedure") == "eaeu":
        bag = b.sub(mark, "DesignatedCountryDetails")
        for code in EAEU_PROCEDURE_COUNTRIES:
            b.sub(b.sub(bag, "DesignatedCountry"), "DesignatedCountryCode", code)
    _parties(b, mark, record.get("parties") or [])
    return mark


def _images(b: Builder, mark: Element, images: list[Mapping[str, Any]]) -> None:
    if not images:
        return
    bag = b.sub(mark, "MarkImageDetails")
    for image in images:
        node = b.sub(bag, "MarkImage")
        b.sub(node, "MarkImageFilename", image["name"])
        for colour in image.get("colours") or []:
            b.sub(node, "MarkImageColourClaimedText", colour)
        if image.get("vienna_codes"):
            codes = b.sub(b.sub(node, "MarkImageCategory"), "CategoryCodeDetails")
            for code in image["vienna_codes"]:
                b.sub(codes, "CategoryCode", code)


def _goods(b: Builder, mark: Element, record: Mapping[str, Any]) -> None:
    goods = record.get("goods_services") or []
    if not goods:
        return
    node = b.sub(b.sub(mark, "GoodsServicesDetails"), "GoodsServices")
    b.opt(node, "ClassificationVersion", record.get("nice_edition"))
    details = b.sub(node, "ClassDescriptionDetails")
    for item in goods:
        description = b.sub(details, "ClassDescription")
        b.sub(description, "ClassNumber", f"{item['nice_class']:02d}")
        for term in item.get("terms") or []:
            b.sub(description, "GoodsServicesDescription", term)


def _priorities(b: Builder, mark: Element, priorities: list[Mapping[str, Any]]) -> None:
    for kind, bag_name, prefix in (("paris", "PriorityDetails", "Priority"),
                                   ("exhibition", "ExhibitionPriorityDetails", "Exhibition")):
        items = [p for p in priorities if p.get("kind", "paris") == kind]
        if items:
            bag = b.sub(mark, bag_name)
            for item in items:
                node = b.sub(bag, "Priority" if kind == "paris" else "ExhibitionPriority")
                b.sub(node, f"{prefix}CountryCode", item["country"])
                b.sub(node, f"{prefix}Number", item["number"])
                b.sub(node, f"{prefix}Date", item["date"])


def _publications(b: Builder, mark: Element, items: list[Mapping[str, Any]]) -> None:
    if items:
        bag = b.sub(mark, "PublicationDetails")
        for item in items:
            node = b.sub(bag, "Publication")
            b.sub(node, "PublicationIdentifier", item["bulletin"])
            b.sub(node, "PublicationSection", item.get("subject", "application"))
            b.sub(node, "PublicationDate", item["date"])


_ROLES = (("applicant", "ApplicantDetails", "Applicant"),
          ("representative", "RepresentativeDetails", "Representative"))


def _parties(b: Builder, mark: Element, parties: list[Mapping[str, Any]]) -> None:
    for role, bag_name, prefix in _ROLES:
        members = [p for p in parties if p.get("role", "applicant") == role
                   or (role == "applicant" and p.get("role") == "holder")]
        if members:
            bag = b.sub(mark, bag_name)
            for party in members:
                _party(b, b.sub(bag, prefix), prefix, party)
    licensees = [p for p in parties if p.get("role") == "licensee"]
    if licensees:
        bag = b.sub(b.sub(b.sub(mark, "LicenceDetails"), "Licence"), "LicenseeDetails")
        for party in licensees:
            _party(b, b.sub(bag, "Licensee"), "Licensee", party)


def _party(b: Builder, node: Element, prefix: str, party: Mapping[str, Any]) -> None:
    for scheme, value in (party.get("identifiers") or {}).items():
        b.sub(node, f"{prefix}Identifier", f"{scheme}:{value}")
    b.opt(node, f"{prefix}IncorporationCountryCode", party.get("country"))
    book = b.sub(b.sub(node, f"{prefix}AddressBook"), "FormattedNameAddress")
    name = b.sub(b.sub(b.sub(book, "Name"), "FreeFormatName"), "FreeFormatNameDetails")
    b.sub(name, "FreeFormatNameLine", party["name"])
    if party.get("address"):
        address = b.sub(b.sub(book, "Address"), "FreeFormatAddress")
        b.sub(address, "FreeFormatAddressLine", party["address"])
    if party.get("role") == "holder":
        b.sub(node, "Comment", HOLDER_COMMENT)
