"""ST.66 export, for offices that still consume it.

WIPO's ST.66 schema is not in the reference data, so these documents follow the ST.66
element vocabulary (and the ST.66↔ST.96 map in data/st96/st66-st96-mapping) but are checked
only by reading them back. ST.66 has no geographical indications: GI records are skipped.
Written as text, like ST.96 trademarks (see ``st96_write``).
"""

from __future__ import annotations

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
from marknet.formats.xmlbuild import (
    XML_DECLARATION,
    SplitFiles,
    UnwritableTextError,
    XmlText,
    attr,
)
from marknet.model import Record

KIND = {"individual": "Individual", "collective": "Collective",
        "certification": "Certification"}
_HEAD = f'{XML_DECLARATION}<Transaction xmlns="{ST66}">'


def write_st66(records: Iterable[Record | Mapping[str, Any]], out_dir: Path,
               per_file: int = 10_000) -> list[Path]:
    """Write trademarks as ST.66 ``Transaction`` files ``st66-NNNNN.xml``; GIs are skipped."""
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = SplitFiles(out_dir, "st66", per_file, lambda index: _HEAD, "</Transaction>")
    try:
        for record in records:
            data = as_mapping(record)
            if data.get("record_type") != "gi":
                writer.write(transaction_body(data))
    finally:
        writer.close()
    return writer.paths


def transaction_body(record: Mapping[str, Any]) -> str:
    """One transaction body per mark, so readers can stream mark by mark."""
    x = XmlText()
    try:
        x.open("TradeMarkTransactionBody")
        x.open("TransactionContentDetails")
        x.leaf("TransactionIdentifier", record.get("id") or record["application_number"])
        x.leaf("TransactionCode", "Trademark Information")
        x.open("TransactionData")
        x.open("TradeMarkDetails")
        _trademark(x, record)
        x.close("TradeMarkDetails")
        x.close("TransactionData")
        x.close("TransactionContentDetails")
        x.close("TradeMarkTransactionBody")
    except UnwritableTextError as exc:
        name = record.get("id") or record.get("application_number") or "a record"
        raise UnwritableTextError(f"{name}: {exc}") from None
    return x.text()


def _trademark(x: XmlText, record: Mapping[str, Any]) -> None:
    x.open("TradeMark")
    x.leaf("RegistrationOfficeCode", record["office"])
    x.leaf("ApplicationNumber", record["application_number"])
    x.leaf("ApplicationDate", record["filing_date"])
    x.opt("RegistrationNumber", record.get("registration_number"))
    x.opt("RegistrationDate", record.get("registration_date"))
    x.opt("ExpiryDate", record.get("expiry_date"))
    x.leaf("MarkCurrentStatusCode", STATUS_TO_ST96[record.get("status", "filed")])
    x.leaf("KindMark", KIND[record.get("kind", "individual")])
    x.leaf("MarkFeature", record.get("feature", "Word"))
    if record.get("disclaimers"):
        x.open("MarkDisclaimerDetails")
        for text in record["disclaimers"]:
            x.leaf("MarkDisclaimer", text)
        x.close("MarkDisclaimerDetails")
    for word in record.get("verbal_elements") or ():
        x.open("WordMarkSpecification")
        language = word.get("language")
        x.leaf("MarkVerbalElementText", word["text"],
               attr("languageCode", language) if language else "")
        x.opt("MarkTranslation", word.get("translation"))
        x.opt("MarkTransliteration", word.get("transliteration"))
        x.close("WordMarkSpecification")
    _images(x, record.get("images"))
    _goods(x, record)
    _priorities(x, record.get("priorities"))
    _publications(x, record.get("publications"))
    if record.get("procedure") == "eaeu":
        x.open("DesignatedCountryDetails")
        for code in EAEU_PROCEDURE_COUNTRIES:
            x.open("DesignatedCountry")
            x.leaf("DesignatedCountryCode", code)
            x.close("DesignatedCountry")
        x.close("DesignatedCountryDetails")
    _parties(x, record.get("parties"))
    x.close("TradeMark")


def _images(x: XmlText, images: list[Mapping[str, Any]] | None) -> None:
    if not images:
        return
    x.open("MarkImageDetails")
    for image in images:
        x.open("MarkImage")
        x.leaf("MarkImageFilename", image["name"])
        for colour in image.get("colours") or ():
            x.leaf("MarkImageColourClaimedText", colour)
        if image.get("vienna_codes"):
            x.open("MarkImageCategory")
            x.open("CategoryCodeDetails")
            for code in image["vienna_codes"]:
                x.leaf("CategoryCode", code)
            x.close("CategoryCodeDetails")
            x.close("MarkImageCategory")
        x.close("MarkImage")
    x.close("MarkImageDetails")


def _goods(x: XmlText, record: Mapping[str, Any]) -> None:
    goods = record.get("goods_services")
    if not goods:
        return
    x.open("GoodsServicesDetails")
    x.open("GoodsServices")
    x.opt("ClassificationVersion", record.get("nice_edition"))
    x.open("ClassDescriptionDetails")
    for item in goods:
        x.open("ClassDescription")
        x.leaf("ClassNumber", f"{item['nice_class']:02d}")
        for term in item.get("terms") or ():
            x.leaf("GoodsServicesDescription", term)
        x.close("ClassDescription")
    x.close("ClassDescriptionDetails")
    x.close("GoodsServices")
    x.close("GoodsServicesDetails")


_PRIORITY_KINDS = (("paris", "PriorityDetails", "Priority", "Priority"),
                   ("exhibition", "ExhibitionPriorityDetails", "ExhibitionPriority",
                    "Exhibition"))


def _priorities(x: XmlText, priorities: list[Mapping[str, Any]] | None) -> None:
    if not priorities:
        return
    for kind, bag, tag, prefix in _PRIORITY_KINDS:
        items = [p for p in priorities if p.get("kind", "paris") == kind]
        if items:
            x.open(bag)
            for item in items:
                x.open(tag)
                x.leaf(f"{prefix}CountryCode", item["country"])
                x.leaf(f"{prefix}Number", item["number"])
                x.leaf(f"{prefix}Date", item["date"])
                x.close(tag)
            x.close(bag)


def _publications(x: XmlText, items: list[Mapping[str, Any]] | None) -> None:
    if items:
        x.open("PublicationDetails")
        for item in items:
            x.open("Publication")
            x.leaf("PublicationIdentifier", item["bulletin"])
            x.leaf("PublicationSection", item.get("subject", "application"))
            x.leaf("PublicationDate", item["date"])
            x.close("Publication")
        x.close("PublicationDetails")


_ROLES = (("applicant", "ApplicantDetails", "Applicant"),
          ("representative", "RepresentativeDetails", "Representative"))


def _parties(x: XmlText, parties: list[Mapping[str, Any]] | None) -> None:
    if not parties:
        return
    for role, bag, prefix in _ROLES:
        members = [p for p in parties if p.get("role", "applicant") == role
                   or (role == "applicant" and p.get("role") == "holder")]
        if members:
            x.open(bag)
            for party in members:
                x.open(prefix)
                _party(x, prefix, party)
                x.close(prefix)
            x.close(bag)
    licensees = [p for p in parties if p.get("role") == "licensee"]
    if licensees:
        x.open("LicenceDetails")
        x.open("Licence")
        x.open("LicenseeDetails")
        for party in licensees:
            x.open("Licensee")
            _party(x, "Licensee", party)
            x.close("Licensee")
        x.close("LicenseeDetails")
        x.close("Licence")
        x.close("LicenceDetails")


def _party(x: XmlText, prefix: str, party: Mapping[str, Any]) -> None:
    for scheme, value in (party.get("identifiers") or {}).items():
        x.leaf(f"{prefix}Identifier", f"{scheme}:{value}")
    x.opt(f"{prefix}IncorporationCountryCode", party.get("country"))
    x.open(f"{prefix}AddressBook")
    x.open("FormattedNameAddress")
    x.open("Name")
    x.open("FreeFormatName")
    x.open("FreeFormatNameDetails")
    x.leaf("FreeFormatNameLine", party["name"])
    x.close("FreeFormatNameDetails")
    x.close("FreeFormatName")
    x.close("Name")
    if party.get("address"):
        x.open("Address")
        x.open("FreeFormatAddress")
        x.leaf("FreeFormatAddressLine", party["address"])
        x.close("FreeFormatAddress")
        x.close("Address")
    x.close("FormattedNameAddress")
    x.close(f"{prefix}AddressBook")
    if party.get("role") == "holder":
        x.leaf("Comment", HOLDER_COMMENT)
