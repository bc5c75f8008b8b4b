"""Rospatent's ST.96 profile, as Rospatent publishes its register and WIPO's ``rutm`` reads it.

One document per mark (``RU502020000740504.xml``), ST.96 V1_6 elements with the Russian
extension namespace ``urn:ru:rupto:trademark``: a registration under
``TrademarkBag/Trademark``, a pending application under
``TradeMarkApplication/TradeMarkDetails/TradeMark``, an ended registration with a last
``MarkRecord`` of kind "Non Renewal". Marks are ``Trademark``, ``Collective trademark`` or
``Certification mark``; classes and terms sit in one ``ClassDescriptionBag``; each applicant
carries its name as ``LegalEntityName``, one address line and a ``NationalityCode``.
Applications refused or withdrawn before registration are not part of the published register
and are not written. Where this differs from the plain V6_0 export is listed in the README.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marknet.formats.records import as_mapping
from marknet.formats.st96_tables import RUPTO, ST96_COMMON, ST96_TRADEMARK
from marknet.formats.xmlbuild import XML_DECLARATION, UnwritableTextError, XmlText, attr
from marknet.model import Record
from marknet.model.codelists import st3_codes

RUPTO_VERSION = "V1_6"
RUPTO_KIND = {"individual": "Trademark", "collective": "Collective trademark",
              "certification": "Certification mark"}
PENDING = frozenset({"filed", "examination", "published"})
ENDED = frozenset({"expired", "surrendered", "invalidated", "cancelled"})
NON_RENEWAL = "Non Renewal"

_ROOT_ATTRS = (f' xmlns="{ST96_TRADEMARK}" xmlns:com="{ST96_COMMON}" xmlns:ru="{RUPTO}"'
               + attr("com:st96Version", RUPTO_VERSION))


@dataclass
class RuptoExport:
    """The files written, and the records the profile has no place for (by reason)."""

    paths: list[Path] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)


def write_st96_rupto(records: Iterable[Record | Mapping[str, Any]],
                     out_dir: Path) -> RuptoExport:
    """Write each trademark of ``records`` as its own document in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = RuptoExport()
    for record in records:
        data = as_mapping(record)
        reason = _left_out(data)
        if reason:
            result.left_out[reason] = result.left_out.get(reason, 0) + 1
            continue
        path = out_dir / f"{data.get('id') or data['application_number']}.xml"
        path.write_text(rupto_document(data), encoding="utf-8", newline="")
        result.paths.append(path)
    return result


def _left_out(data: Mapping[str, Any]) -> str | None:
    if data.get("record_type") == "gi":
        return "GIs (Rospatent publishes them in a separate register)"
    status = data.get("status", "filed")
    if status not in PENDING and status != "registered" and status not in ENDED:
        return f"{status} applications (not in the published register)"
    return None


def rupto_document(record: Mapping[str, Any]) -> str:
    """One mark's ``TrademarkTransaction`` document in Rospatent's profile."""
    try:
        mark = _mark(record)
    except UnwritableTextError as exc:
        raise UnwritableTextError(f"{record.get('id')}: {exc}") from None
    return (f"{XML_DECLARATION}<TrademarkTransaction{_ROOT_ATTRS}>\n"
            " <TrademarkTransactionBody>\n  <TransactionContentBag>\n   <TransactionData>\n"
            f"{mark}   </TransactionData>\n  </TransactionContentBag>\n"
            " </TrademarkTransactionBody>\n</TrademarkTransaction>\n")


def _mark(record: Mapping[str, Any]) -> str:
    pending = record.get("status", "filed") in PENDING
    x = XmlText(depth=4)
    if pending:
        x.open("ru:TradeMarkApplication")
        x.open("ru:TradeMarkDetails")
        x.open("ru:TradeMark")
    else:
        x.open("TrademarkBag")
        x.open("Trademark")
    x.leaf("com:RegistrationOfficeCode", record["office"])
    x.open("com:ApplicationNumber")
    x.leaf("com:ApplicationNumberText", record["application_number"])
    x.close("com:ApplicationNumber")
    x.leaf("com:ApplicationDate", record["filing_date"])
    x.opt("com:RegistrationNumber", record.get("registration_number"))
    x.opt("com:RegistrationDate", record.get("registration_date"))
    x.opt("com:ExpiryDate", record.get("expiry_date"))
    x.leaf("MarkCategory", RUPTO_KIND[record.get("kind", "individual")])
    _representation(x, record)
    _texts(x, "MarkDisclaimerBag", "MarkDisclaimerText", record.get("disclaimers"))
    _goods(x, record.get("goods_services"))
    _priorities(x, record.get("priorities"))
    _publications(x, record.get("publications"))
    _applicants(x, record.get("parties"))
    _correspondence(x, record)
    if record.get("status") in ENDED:
        x.open("MarkRecordBag")
        x.open("MarkRecord")
        x.open("BasicRecord")
        x.leaf("BasicRecordKind", NON_RENEWAL)
        x.close("BasicRecord")
        x.close("MarkRecord")
        x.close("MarkRecordBag")
    if pending:
        x.close("ru:TradeMark")
        x.close("ru:TradeMarkDetails")
        x.close("ru:TradeMarkApplication")
    else:
        x.close("Trademark")
        x.close("TrademarkBag")
    return x.text()


def _representation(x: XmlText, record: Mapping[str, Any]) -> None:
    x.open("MarkRepresentation")
    x.leaf("MarkFeatureCategory", record.get("feature", "Word"))
    x.open("MarkReproduction")
    for word in record.get("verbal_elements") or ():
        x.open("WordMarkSpecification")
        x.leaf("MarkSignificantVerbalElementText", word["text"])
        x.opt("MarkTransliteration", word.get("transliteration"))
        x.close("WordMarkSpecification")
    images = record.get("images")
    if images:
        x.open("MarkImageBag")
        for image in images:
            x.open("MarkImage")
            x.leaf("ImageFileName", image["name"])
            for colour in image.get("colours") or ():
                x.leaf("MarkImageColourClaimedText", colour)
            _vienna(x, image.get("vienna_codes"))
            x.close("MarkImage")
        x.close("MarkImageBag")
    x.close("MarkReproduction")
    x.close("MarkRepresentation")


def _vienna(x: XmlText, codes: list[str] | None) -> None:
    if codes:
        x.open("MarkImageClassification")
        x.open("com:FigurativeElementClassificationBag")
        x.open("com:ViennaClassificationBag")
        for code in codes:
            x.leaf("com:ViennaClassificationText", code)
        x.close("com:ViennaClassificationBag")
        x.close("com:FigurativeElementClassificationBag")
        x.close("MarkImageClassification")


def _texts(x: XmlText, bag: str, tag: str, texts: list[str] | None) -> None:
    if texts:
        x.open(bag)
        for text in texts:
            x.leaf(tag, text)
        x.close(bag)


def _goods(x: XmlText, goods: list[Mapping[str, Any]] | None) -> None:
    # One ClassDescriptionBag for every class: rutm reads a single bag per mark.
    if not goods:
        return
    x.open("GoodsServicesBag")
    x.open("GoodsServices")
    x.open("ClassDescriptionBag")
    for item in goods:
        x.open("ClassDescription")
        x.leaf("ClassNumber", f"{item['nice_class']:02d}")
        if item.get("terms"):
            x.leaf("GoodsServicesDescriptionText", "; ".join(item["terms"]))
        x.close("ClassDescription")
    x.close("ClassDescriptionBag")
    x.close("GoodsServices")
    x.close("GoodsServicesBag")


def _priorities(x: XmlText, priorities: list[Mapping[str, Any]] | None) -> None:
    paris = [p for p in priorities or () if p.get("kind", "paris") == "paris"]
    if paris:
        x.open("PriorityBag")
        for item in paris:
            x.open("Priority")
            x.leaf("com:PriorityCountryCode", item["country"])
            x.leaf("com:ApplicationNumberText", item["number"])
            x.leaf("PriorityRegistrationDate", item["date"])
            x.close("Priority")
        x.close("PriorityBag")


def _publications(x: XmlText, items: list[Mapping[str, Any]] | None) -> None:
    if items:
        x.open("RecordPublicationBag")
        for item in items:
            x.open("RecordPublication")
            x.leaf("com:PublicationIdentifier", item["bulletin"])
            x.leaf("com:PublicationDate", item["date"])
            x.close("RecordPublication")
        x.close("RecordPublicationBag")


def _applicants(x: XmlText, parties: list[Mapping[str, Any]] | None) -> None:
    owners = [p for p in parties or () if p.get("role", "applicant") in ("applicant", "holder")]
    if not owners:
        return
    x.open("ApplicantBag")
    for party in owners:
        x.open("Applicant")
        x.leaf("ru:LegalEntityName", party["name"])
        # rutm reads the country beside the address line, so a party whose address is not
        # known gets its country's name as the one line: true, and the country survives.
        line = party.get("address") or (st3_codes().get(party.get("country") or "") or None)
        if line:
            _address(x, line)
        x.opt("ru:NationalityCode", party.get("country"))
        x.close("Applicant")
    x.close("ApplicantBag")


def _address(x: XmlText, line: str) -> None:
    x.open("com:Contact")
    x.open("com:PostalAddressBag")
    x.open("com:PostalAddress")
    x.leaf("com:PostalAddressText", line)
    x.close("com:PostalAddress")
    x.close("com:PostalAddressBag")
    x.close("com:Contact")


def _correspondence(x: XmlText, record: Mapping[str, Any]) -> None:
    address = (record.get("particulars") or {}).get("correspondence_address")
    if address:
        x.open("CorrespondenceAddress")
        _address(x, address)
        x.close("CorrespondenceAddress")
