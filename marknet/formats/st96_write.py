"""ST.96 V6_0 export: ``TrademarkTransaction`` files for marks, ``GITransaction`` for GIs.

Documents are valid against WIPO's official V6_0 schemas (tests check every golden file and
round trip with lxml XMLSchema). Trademarks are written as text (``xmlbuild.XmlText``):
building lxml elements cost ~2.7 µs each, ~40 a mark, and was most of an export's time. GIs,
few, are built with lxml (``st96_gi.build_gi``) and serialised. ``per_file`` records per file;
about a megabyte of text is held in memory at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from marknet.formats.records import as_mapping
from marknet.formats.st96_gi import build_gi
from marknet.formats.st96_tables import (
    EAEU_PROCEDURE_COUNTRIES,
    HOLDER_COMMENT,
    KIND_TO_ST96,
    PRIORITY_NUMBER_PREFIX,
    ST96_COMMON,
    ST96_GI,
    ST96_TRADEMARK,
    ST96_VERSION,
    STATUS_TO_ST96,
)
from marknet.formats.xmlbuild import (
    XML_DECLARATION,
    Builder,
    Element,
    SplitFiles,
    UnwritableTextError,
    XmlText,
    attr,
)
from marknet.model import Record

NSMAP = {"com": ST96_COMMON, "tmk": ST96_TRADEMARK, "gin": ST96_GI}
VERSION = {"com:st96Version": ST96_VERSION}
BUILDER = Builder(NSMAP)

_DECLARATIONS = "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in sorted(NSMAP.items()))
_VERSION = attr("com:st96Version", ST96_VERSION)
_TRADEMARKS_TAIL = ("</tmk:TrademarkBag></tmk:TransactionData></tmk:TransactionContentBag>"
                    "</tmk:TrademarkTransactionBody></tmk:TrademarkTransaction>")
_GIS_HEAD = f"{XML_DECLARATION}<gin:GITransaction{_DECLARATIONS}{_VERSION}>"


def write_st96(records: Iterable[Record | Mapping[str, Any]], out_dir: Path,
               per_file: int = 10_000) -> list[Path]:
    """Write trademarks to ``trademarks-NNNNN.xml`` and GIs to ``gis-NNNNN.xml`` in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    marks = SplitFiles(out_dir, "trademarks", per_file, _trademarks_head, _TRADEMARKS_TAIL)
    gis = SplitFiles(out_dir, "gis", per_file, lambda index: _GIS_HEAD, "</gin:GITransaction>")
    try:
        for record in records:
            data = as_mapping(record)
            if data.get("record_type") == "gi":
                gis.write(gi_xml(data))
            else:
                marks.write(trademark_xml(data))
    finally:
        marks.close()
        gis.close()
    return marks.paths + gis.paths


def _trademarks_head(index: int) -> str:
    return (f"{XML_DECLARATION}<tmk:TrademarkTransaction{_DECLARATIONS}{_VERSION}>"
            f"<tmk:TrademarkTransactionBody{_VERSION}><tmk:TransactionContentBag{_VERSION}>"
            f"<com:TransactionIdentifier>marknet-{index:05d}</com:TransactionIdentifier>"
            "<com:TransactionCategory>Trademark Information</com:TransactionCategory>"
            "<com:TransactionSubCode>Export</com:TransactionSubCode>"
            f"<tmk:TransactionData{_VERSION}><tmk:TrademarkBag>")


def gi_xml(record: Mapping[str, Any]) -> str:
    """A GI's ``GITransactionBody`` as text (GIs are few: built with lxml)."""
    try:
        return str(etree.tostring(gi_body(record), encoding="unicode", pretty_print=True))
    except ValueError as exc:  # lxml refuses what XML cannot carry
        raise UnwritableTextError(f"{_record_name(record)}: {exc}") from None


def gi_body(record: Mapping[str, Any]) -> Element:
    """One ``GITransactionBody`` per GI: ST.96 transaction data hold a single GI each."""
    b = BUILDER
    body = b.root("gin:GITransactionBody")
    body.set(b.qname("com:st96Version"), ST96_VERSION)
    bag = b.sub(body, "gin:TransactionContentBag", attrib=VERSION)
    b.sub(bag, "com:TransactionIdentifier", record.get("id") or record["application_number"])
    b.sub(bag, "com:TransactionCategory", "Application information")
    b.sub(bag, "com:TransactionSubCode", "Export")
    build_gi(b, b.sub(bag, "gin:TransactionData", attrib=VERSION), record)
    return body


def trademark_xml(record: Mapping[str, Any]) -> str:
    """The ``tmk:Trademark`` element of one trademark mapping (canonical form), as text."""
    try:
        return _trademark(record)
    except UnwritableTextError as exc:
        raise UnwritableTextError(f"{_record_name(record)}: {exc}") from None


def _record_name(record: Mapping[str, Any]) -> str:
    return str(record.get("id") or record.get("application_number") or "a record")


def _trademark(record: Mapping[str, Any]) -> str:
    # Element order is the schema's (a sequence): do not reorder.
    x = XmlText()
    x.open("tmk:Trademark")
    x.leaf("com:RegistrationOfficeCode", record["office"])
    x.open("com:ApplicationNumber")
    x.leaf("com:ApplicationNumberText", record["application_number"])
    x.close("com:ApplicationNumber")
    x.opt("com:RegistrationNumber", record.get("registration_number"))
    x.leaf("com:ApplicationDate", record["filing_date"])
    x.opt("com:RegistrationDate", record.get("registration_date"))
    x.opt("com:ExpiryDate", record.get("expiry_date"))
    x.leaf("tmk:MarkCurrentStatusCode", STATUS_TO_ST96[record.get("status", "filed")])
    if record.get("procedure") == "eaeu":
        # A Union mark has effect in every member state: ST.96's nearest statement.
        x.raw(_EAEU_COUNTRIES)
    elif record.get("designations"):
        # An international registration's designated states (their dates and decisions have
        # no place in ST.96's Trademark).
        x.raw(_designated(d["country"] for d in record["designations"]))
    x.leaf("tmk:MarkCategory", KIND_TO_ST96[record.get("kind", "individual")])
    _representation(x, record)
    _disclaimers(x, record.get("disclaimers"))
    _goods(x, record.get("goods_services"), record.get("nice_edition"))
    _priorities(x, record.get("priorities"))
    _publications(x, record.get("publications"))
    _parties(x, record.get("parties"))
    if not record.get("verbal_elements") and not record.get("images"):
        x.leaf("tmk:MarkFeatureDescription", record.get("feature", "Word"))
    x.close("tmk:Trademark")
    return x.text()


def _designated(countries: Iterable[str]) -> str:
    x = XmlText(depth=1)
    x.open("tmk:DesignatedCountryBag")
    for code in countries:
        x.open("tmk:DesignatedCountry")
        x.leaf("com:DesignatedCountryCode", code)
        x.close("tmk:DesignatedCountry")
    x.close("tmk:DesignatedCountryBag")
    return x.text()


_EAEU_COUNTRIES = _designated(EAEU_PROCEDURE_COUNTRIES)
_SEQUENCE = tuple(attr("com:sequenceNumber", str(i)) for i in range(100))


def _sequence(i: int) -> str:
    return _SEQUENCE[i] if i < len(_SEQUENCE) else attr("com:sequenceNumber", str(i))


def _representation(x: XmlText, record: Mapping[str, Any]) -> None:
    words, images = record.get("verbal_elements"), record.get("images")
    if not words and not images:
        return  # MarkReproduction needs content; the feature goes to MarkFeatureDescription
    x.open("tmk:MarkRepresentation")
    x.leaf("tmk:MarkFeatureCategory", record.get("feature", "Word"))
    x.open("tmk:MarkReproduction")
    for word in words or ():
        x.open("tmk:WordMarkSpecification")
        language = word.get("language")
        # ST.96 language codes are ISO 639-1: three-letter codes are left out.
        attrs = attr("com:languageCode", language) if language and len(language) == 2 else ""
        x.leaf("tmk:MarkVerbalElementText", word["text"], attrs)
        x.leaf("tmk:MarkSignificantVerbalElementText", word["text"])
        x.opt("tmk:MarkTranslationText", word.get("translation"))
        x.opt("tmk:MarkTransliteration", word.get("transliteration"))
        x.close("tmk:WordMarkSpecification")
    if images:
        x.open("tmk:MarkImageBag")
        for image in images:
            _image(x, image)
        x.close("tmk:MarkImageBag")
    x.close("tmk:MarkReproduction")
    x.close("tmk:MarkRepresentation")


_VIENNA_PARTS = ("com:ViennaCategory", "com:ViennaDivision", "com:ViennaSection")


def _image(x: XmlText, image: Mapping[str, Any]) -> None:
    x.open("tmk:MarkImage")
    x.leaf("com:FileName", image["name"])
    for i, colour in enumerate(image.get("colours") or (), 1):
        x.leaf("tmk:MarkImageColourClaimedText", colour, _sequence(i))
    codes = image.get("vienna_codes")
    if codes:
        x.open("tmk:MarkImageClassification")
        x.open("com:FigurativeElementClassificationBag")
        x.open("com:ViennaClassificationBag")
        for code in codes:
            x.open("com:ViennaClassification")
            for name, part in zip(_VIENNA_PARTS, code.split("."), strict=False):
                x.leaf(name, part)
            x.close("com:ViennaClassification")
        x.close("com:ViennaClassificationBag")
        x.close("com:FigurativeElementClassificationBag")
        x.close("tmk:MarkImageClassification")
    x.close("tmk:MarkImage")


def _disclaimers(x: XmlText, disclaimers: list[str] | None) -> None:
    if disclaimers:
        x.open("tmk:MarkDisclaimerBag")
        for i, text in enumerate(disclaimers, 1):
            x.leaf("tmk:MarkDisclaimerText", text, _sequence(i))
        x.close("tmk:MarkDisclaimerBag")


def _goods(x: XmlText, goods: list[Mapping[str, Any]] | None, edition: str | None) -> None:
    if not goods:
        return
    x.open("tmk:GoodsServicesBag")
    for item in goods:
        x.open("tmk:GoodsServices")
        number = f"{item['nice_class']:02d}"
        x.open("tmk:GoodsServicesClassificationBag")
        x.open("tmk:GoodsServicesClassification")
        x.leaf("tmk:ClassificationKindCode", "Nice")
        x.opt("com:ClassificationVersion", edition)
        x.leaf("tmk:ClassNumber", number)
        x.close("tmk:GoodsServicesClassification")
        x.close("tmk:GoodsServicesClassificationBag")
        terms = item.get("terms")
        if terms:
            x.open("tmk:ClassDescriptionBag")
            x.open("tmk:ClassDescription")
            x.leaf("tmk:ClassNumber", number)
            for i, term in enumerate(terms, 1):
                x.leaf("tmk:GoodsServicesDescriptionText", term, _sequence(i))
            x.close("tmk:ClassDescription")
            x.close("tmk:ClassDescriptionBag")
        x.close("tmk:GoodsServices")
    x.close("tmk:GoodsServicesBag")


def _priorities(x: XmlText, priorities: list[Mapping[str, Any]] | None) -> None:
    if not priorities:
        return
    paris = [p for p in priorities if p.get("kind", "paris") == "paris"]
    exhibition = [p for p in priorities if p.get("kind") == "exhibition"]
    if paris:
        x.open("tmk:PriorityBag")
        for item in paris:
            x.open("tmk:Priority")
            x.leaf("com:PriorityCountryCode", item["country"])
            x.open("com:ApplicationNumber")
            x.leaf("com:ApplicationNumberText", item["number"])
            x.close("com:ApplicationNumber")
            x.leaf("com:PriorityApplicationFilingDate", item["date"])
            x.close("tmk:Priority")
        x.close("tmk:PriorityBag")
    if exhibition:
        x.open("com:ExhibitionPriorityBag")
        for item in exhibition:
            x.open("com:ExhibitionPriority")
            x.leaf("com:ExhibitionCountryCode", item["country"])
            x.leaf("com:ExhibitionDate", item["date"])
            x.leaf("com:CommentText", PRIORITY_NUMBER_PREFIX + item["number"])
            x.close("com:ExhibitionPriority")
        x.close("com:ExhibitionPriorityBag")


def _publications(x: XmlText, items: list[Mapping[str, Any]] | None) -> None:
    if items:
        x.open("tmk:PublicationBag")
        for item in items:
            x.open("tmk:Publication")
            x.leaf("com:PublicationIdentifier", item["bulletin"])
            x.leaf("com:PublicationSubsection", item.get("subject", "application"))
            x.leaf("com:PublicationDate", item["date"])
            x.close("tmk:Publication")
        x.close("tmk:PublicationBag")


def _parties(x: XmlText, parties: list[Mapping[str, Any]] | None) -> None:
    if not parties:
        return
    owners = [p for p in parties if p.get("role", "applicant") in ("applicant", "holder")]
    representatives = [p for p in parties if p.get("role") == "representative"]
    licensees = [p for p in parties if p.get("role") == "licensee"]
    if owners:
        x.open("tmk:ApplicantBag")
        for party in owners:
            x.open("tmk:Applicant")
            _party(x, party)
            if party.get("role") == "holder":
                x.leaf("com:CommentText", HOLDER_COMMENT)
            x.close("tmk:Applicant")
        x.close("tmk:ApplicantBag")
    if representatives:
        x.open("com:RepresentativeBag")
        for party in representatives:
            x.open("com:Representative")
            _party(x, party)
            x.close("com:Representative")
        x.close("com:RepresentativeBag")
    if licensees:
        x.open("tmk:MarkUserBag")
        for party in licensees:
            _contact(x, party)  # MarkUserBag holds contacts only (see README)
        x.close("tmk:MarkUserBag")


def _party(x: XmlText, party: Mapping[str, Any]) -> None:
    """Identifiers, contact and country: as ``st96_parties.identifiers_out``/``contact_out``."""
    for scheme, value in (party.get("identifiers") or {}).items():
        x.leaf("com:PartyIdentifier", f"{scheme}:{value}")
    _contact(x, party)
    x.opt("com:IncorporationCountryCode", party.get("country"))


def _contact(x: XmlText, party: Mapping[str, Any]) -> None:
    x.open("com:Contact")
    x.open("com:Name")
    x.leaf("com:EntityName", party["name"])
    x.close("com:Name")
    address = party.get("address")
    if address:
        x.open("com:PostalAddressBag")
        x.open("com:PostalAddress")
        x.leaf("com:PostalAddressText", address)
        x.close("com:PostalAddress")
        x.close("com:PostalAddressBag")
    x.close("com:Contact")
