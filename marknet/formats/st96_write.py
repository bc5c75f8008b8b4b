"""ST.96 V6_0 export: ``TrademarkTransaction`` files for marks, ``GITransaction`` for GIs.

Documents are valid against WIPO's official V6_0 schemas (tests check every golden file and
round trip with lxml XMLSchema). Output streams through ``etree.xmlfile``: one record in
memory at a time, ``per_file`` records per file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from marknet.formats.records import as_mapping
from marknet.formats.st96_gi import build_gi
from marknet.formats.st96_parties import contact_out, identifiers_out
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
from marknet.formats.xmlbuild import Builder, Element, SplitWriter
from marknet.model import Record

NSMAP = {"com": ST96_COMMON, "tmk": ST96_TRADEMARK, "gin": ST96_GI}
VERSION = {"com:st96Version": ST96_VERSION}
BUILDER = Builder(NSMAP)


def write_st96(records: Iterable[Record | Mapping[str, Any]], out_dir: Path,
               per_file: int = 10_000) -> list[Path]:
    """Write trademarks to ``trademarks-NNNNN.xml`` and GIs to ``gis-NNNNN.xml`` in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    marks = SplitWriter(out_dir, "trademarks", per_file, _open_trademarks)
    gis = SplitWriter(out_dir, "gis", per_file, _open_gis)
    try:
        for record in records:
            data = as_mapping(record)
            if data.get("record_type") == "gi":
                gis.write(gi_body(data))
            else:
                marks.write(trademark_element(data))
    finally:
        marks.close()
        gis.close()
    return marks.paths + gis.paths


def _content_header(b: Builder, xf: Any, index: int, category: str) -> None:
    for name, value in (("com:TransactionIdentifier", f"marknet-{index:05d}"),
                        ("com:TransactionCategory", category),
                        ("com:TransactionSubCode", "Export")):
        node = b.root(name)
        node.text = value
        xf.write(node)


def _open_trademarks(xf: Any, stack: contextlib.ExitStack, index: int) -> None:
    b = BUILDER
    attrib = {b.qname(k): v for k, v in VERSION.items()}
    stack.enter_context(xf.element(b.qname("tmk:TrademarkTransaction"), attrib, nsmap=NSMAP))
    stack.enter_context(xf.element(b.qname("tmk:TrademarkTransactionBody"), attrib))
    stack.enter_context(xf.element(b.qname("tmk:TransactionContentBag"), attrib))
    _content_header(b, xf, index, "Trademark Information")
    stack.enter_context(xf.element(b.qname("tmk:TransactionData"), attrib))
    stack.enter_context(xf.element(b.qname("tmk:TrademarkBag")))


def _open_gis(xf: Any, stack: contextlib.ExitStack, index: int) -> None:
    b = BUILDER
    attrib = {b.qname(k): v for k, v in VERSION.items()}
    stack.enter_context(xf.element(b.qname("gin:GITransaction"), attrib, nsmap=NSMAP))


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


def trademark_element(record: Mapping[str, Any]) -> Element:
    """The ``tmk:Trademark`` element of one trademark mapping (canonical form)."""
    b = BUILDER
    mark = b.root("tmk:Trademark")
    b.sub(mark, "com:RegistrationOfficeCode", record["office"])
    number = b.sub(mark, "com:ApplicationNumber")
    b.sub(number, "com:ApplicationNumberText", record["application_number"])
    b.opt(mark, "com:RegistrationNumber", record.get("registration_number"))
    b.sub(mark, "com:ApplicationDate", record["filing_date"])
    b.opt(mark, "com:RegistrationDate", record.get("registration_date"))
    b.opt(mark, "com:ExpiryDate", record.get("expiry_date"))
    b.sub(mark, "tmk:MarkCurrentStatusCode", STATUS_TO_ST96[record.get("status", "filed")])
    if record.get("procedure") == "eaeu":
        # A Union mark has effect in every member state: ST.96's nearest statement.
        bag = b.sub(mark, "tmk:DesignatedCountryBag")
        for code in EAEU_PROCEDURE_COUNTRIES:
            b.sub(b.sub(bag, "tmk:DesignatedCountry"), "com:DesignatedCountryCode", code)
    b.sub(mark, "tmk:MarkCategory", KIND_TO_ST96[record.get("kind", "individual")])
    _representation(b, mark, record)
    _disclaimers(b, mark, record.get("disclaimers") or [])
    _goods(b, mark, record.get("goods_services") or [], record.get("nice_edition"))
    _priorities(b, mark, record.get("priorities") or [])
    _publications(b, mark, record.get("publications") or [])
    _parties(b, mark, record.get("parties") or [])
    if not record.get("verbal_elements") and not record.get("images"):
        b.sub(mark, "tmk:MarkFeatureDescription", record.get("feature", "Word"))
    return mark


def _representation(b: Builder, mark: Element, record: Mapping[str, Any]) -> None:
    words, images = record.get("verbal_elements") or [], record.get("images") or []
    if not words and not images:
        return  # MarkReproduction needs content; the feature goes to MarkFeatureDescription
    representation = b.sub(mark, "tmk:MarkRepresentation")
    b.sub(representation, "tmk:MarkFeatureCategory", record.get("feature", "Word"))
    reproduction = b.sub(representation, "tmk:MarkReproduction")
    for word in words:
        spec = b.sub(reproduction, "tmk:WordMarkSpecification")
        language = word.get("language")
        attrib = {"com:languageCode": language} if language and len(language) == 2 else None
        b.sub(spec, "tmk:MarkVerbalElementText", word["text"], attrib)
        b.sub(spec, "tmk:MarkSignificantVerbalElementText", word["text"])
        b.opt(spec, "tmk:MarkTranslationText", word.get("translation"))
        b.opt(spec, "tmk:MarkTransliteration", word.get("transliteration"))
    if images:
        bag = b.sub(reproduction, "tmk:MarkImageBag")
        for image in images:
            _image(b, bag, image)


def _image(b: Builder, bag: Element, image: Mapping[str, Any]) -> None:
    node = b.sub(bag, "tmk:MarkImage")
    b.sub(node, "com:FileName", image["name"])
    for i, colour in enumerate(image.get("colours") or [], 1):
        b.sub(node, "tmk:MarkImageColourClaimedText", colour, {"com:sequenceNumber": str(i)})
    codes = image.get("vienna_codes") or []
    if codes:
        classification = b.sub(b.sub(b.sub(node, "tmk:MarkImageClassification"),
                                     "com:FigurativeElementClassificationBag"),
                               "com:ViennaClassificationBag")
        for code in codes:
            vienna = b.sub(classification, "com:ViennaClassification")
            parts = code.split(".")
            for name, part in zip(("com:ViennaCategory", "com:ViennaDivision",
                                   "com:ViennaSection"), parts, strict=False):
                b.sub(vienna, name, part)


def _disclaimers(b: Builder, mark: Element, disclaimers: list[str]) -> None:
    if disclaimers:
        bag = b.sub(mark, "tmk:MarkDisclaimerBag")
        for i, text in enumerate(disclaimers, 1):
            b.sub(bag, "tmk:MarkDisclaimerText", text, {"com:sequenceNumber": str(i)})


def _goods(b: Builder, mark: Element, goods: list[Mapping[str, Any]],
           edition: str | None) -> None:
    if not goods:
        return
    bag = b.sub(mark, "tmk:GoodsServicesBag")
    for item in goods:
        node = b.sub(bag, "tmk:GoodsServices")
        number = f"{item['nice_class']:02d}"
        classification = b.sub(b.sub(node, "tmk:GoodsServicesClassificationBag"),
                               "tmk:GoodsServicesClassification")
        b.sub(classification, "tmk:ClassificationKindCode", "Nice")
        b.opt(classification, "com:ClassificationVersion", edition)
        b.sub(classification, "tmk:ClassNumber", number)
        terms = item.get("terms") or []
        if terms:
            description = b.sub(b.sub(node, "tmk:ClassDescriptionBag"), "tmk:ClassDescription")
            b.sub(description, "tmk:ClassNumber", number)
            for i, term in enumerate(terms, 1):
                b.sub(description, "tmk:GoodsServicesDescriptionText", term,
                      {"com:sequenceNumber": str(i)})


def _priorities(b: Builder, mark: Element, priorities: list[Mapping[str, Any]]) -> None:
    paris = [p for p in priorities if p.get("kind", "paris") == "paris"]
    exhibition = [p for p in priorities if p.get("kind") == "exhibition"]
    if paris:
        bag = b.sub(mark, "tmk:PriorityBag")
        for item in paris:
            node = b.sub(bag, "tmk:Priority")
            b.sub(node, "com:PriorityCountryCode", item["country"])
            b.sub(b.sub(node, "com:ApplicationNumber"), "com:ApplicationNumberText",
                  item["number"])
            b.sub(node, "com:PriorityApplicationFilingDate", item["date"])
    if exhibition:
        bag = b.sub(mark, "com:ExhibitionPriorityBag")
        for item in exhibition:
            node = b.sub(bag, "com:ExhibitionPriority")
            b.sub(node, "com:ExhibitionCountryCode", item["country"])
            b.sub(node, "com:ExhibitionDate", item["date"])
            b.sub(node, "com:CommentText", PRIORITY_NUMBER_PREFIX + item["number"])


def _publications(b: Builder, mark: Element, items: list[Mapping[str, Any]]) -> None:
    if items:
        bag = b.sub(mark, "tmk:PublicationBag")
        for item in items:
            node = b.sub(bag, "tmk:Publication")
            b.sub(node, "com:PublicationIdentifier", item["bulletin"])
            b.sub(node, "com:PublicationSubsection", item.get("subject", "application"))
            b.sub(node, "com:PublicationDate", item["date"])


def _parties(b: Builder, mark: Element, parties: list[Mapping[str, Any]]) -> None:
    owners = [p for p in parties if p.get("role", "applicant") in ("applicant", "holder")]
    representatives = [p for p in parties if p.get("role") == "representative"]
    licensees = [p for p in parties if p.get("role") == "licensee"]
    if owners:
        bag = b.sub(mark, "tmk:ApplicantBag")
        for party in owners:
            node = b.sub(bag, "tmk:Applicant")
            identifiers_out(b, node, party)
            contact_out(b, node, party)
            b.opt(node, "com:IncorporationCountryCode", party.get("country"))
            if party.get("role") == "holder":
                b.sub(node, "com:CommentText", HOLDER_COMMENT)
    if representatives:
        bag = b.sub(mark, "com:RepresentativeBag")
        for party in representatives:
            node = b.sub(bag, "com:Representative")
            identifiers_out(b, node, party)
            contact_out(b, node, party)
            b.opt(node, "com:IncorporationCountryCode", party.get("country"))
    if licensees:
        bag = b.sub(mark, "tmk:MarkUserBag")
        for party in licensees:
            contact_out(b, bag, party)
