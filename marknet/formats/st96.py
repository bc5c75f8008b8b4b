"""ST.96 trademark reader: V6_0, older ST.96 (USPTO) and Rospatent's profile.

Tolerant by design: elements are found by local name whatever their namespace version, so
``TrademarkTransaction``, ``TrademarkApplication``, bare ``Trademark`` documents, USPTO's
pre-V2 namespaces and Rospatent's ``urn:ru:rupto:trademark`` extension read alike. GI
documents are handed to ``st96_gi``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from lxml import etree

from marknet.formats import st66, st96_gi
from marknet.formats.records import (
    build_item,
    compact,
    date_or_none,
    dedupe,
    nice_number,
    vienna_code,
)
from marknet.formats.st96_parties import contact_address, contact_name, party
from marknet.formats.st96_tables import (
    EAEU_PROCEDURE_COUNTRIES,
    FEATURES,
    HOLDER_COMMENT,
    PRIORITY_NUMBER_PREFIX,
    RUPTO,
    ST96_COMMON,
    ST96_GI,
    ST96_OLD_TRADEMARK,
    ST96_TRADEMARK,
    infer_feature,
    read_feature,
    read_kind,
    read_status,
)
from marknet.formats.xmlsafe import (
    Element,
    Node,
    find,
    findall,
    iter_records,
    local,
    parse_record,
    record_bytes,
    strip_namespaces,
    text,
    texts,
)
from marknet.register.importer import ImportItem, SourceItem

NAMESPACES = frozenset({ST96_TRADEMARK, ST96_GI, ST96_OLD_TRADEMARK, RUPTO, ST96_COMMON})
# Registered marks are ``Trademark``; Rospatent's pending ones ``TradeMark``.
RECORD_TAGS = ("Trademark", "TradeMark", *st96_gi.RECORD_TAGS)


def read_st96(path: Path, office: str | None = None) -> Iterator[ImportItem]:
    """Stream the trademark and GI records of an ST.96 document as ImportItems.

    Each comes out in source form (a ``SourceItem`` holding the record's XML), read on first
    use: the bulk importer reads them in its worker processes, spreading the cost of the
    reading over the cores.
    """
    reader = partial(read_record_bytes, office=office)
    for position, element in iter_records(path, RECORD_TAGS, NAMESPACES, strip=False,
                                          blanks=False):
        yield SourceItem(position, record_bytes(element), reader)


def read_record_bytes(position: str, source: bytes, office: str | None = None) -> ImportItem:
    """A record's XML, as ``read_st96`` keeps it, → its ImportItem."""
    try:
        element = parse_record(source)
    except etree.XMLSyntaxError as exc:  # lxml wrote these bytes itself: not expected
        return ImportItem(position, None, f"unreadable record: {exc}")
    return read_record(position, element, office)


def read_record(position: str, element: Element, office: str | None = None) -> ImportItem:
    """One record element (its namespaces kept) → its ImportItem."""
    name = local(str(element.tag))
    if name in st96_gi.RECORD_TAGS:
        return st96_gi.read_gi_item(position, Node(element, name), office)
    if name == "TradeMark":
        strip_namespaces(element)  # the ST.66-like reader queries plain local names
        return build_item(position, partial(st66.trademark, element, office))
    return build_item(position, partial(trademark, Node(element, name), office))


def trademark(element: Node, office: str | None = None) -> dict[str, Any]:
    """One ``Trademark`` element → a mapping in the ``record_from_dict`` shape."""
    number = text(element, "ApplicationNumber/ApplicationNumberText") or text(
        element, "ApplicationNumber/ST13ApplicationNumber") or text(element, "ApplicationNumber")
    filed = text(element, "ApplicationDate") or text(element, "ApplicationDateTime")
    words = [w for w in map(_verbal, findall(element, "MarkRepresentation/MarkReproduction/"
                                             "WordMarkSpecification")) if w]
    images = [i for i in map(_image, findall(element, "MarkRepresentation/MarkReproduction/"
                                             "MarkImageBag/MarkImage")) if i]
    feature = read_feature(text(element, "MarkRepresentation/MarkFeatureCategory")
                           or _known_feature(text(element, "MarkFeatureDescription")),
                           text(element, "MarkRepresentation/MarkDescriptionBag/"
                                "NationalMarkDescription/MarkFeatureCode"))
    goods, edition = goods_services(element)
    return compact({
        "record_type": "trademark",
        "office": text(element, "RegistrationOfficeCode")
        or text(element, "ApplicationNumber/IPOfficeCode") or office,
        "application_number": number,
        "filing_date": date_or_none(filed, "filing_date"),
        "status": _status(element),
        "kind": read_kind(texts(element, "MarkCategory")),
        "feature": feature or infer_feature(bool(words), bool(images)),
        "procedure": _procedure(element),
        "verbal_elements": words,
        "goods_services": goods,
        "nice_edition": edition,
        "priorities": _priorities(element),
        "images": images,
        "disclaimers": texts(element, "MarkDisclaimerBag/MarkDisclaimerText"),
        "parties": dedupe(p for p in _parties(element) if p),
        "registration_number": text(element, "RegistrationNumber"),
        "registration_date": date_or_none(text(element, "RegistrationDate"),
                                          "registration_date"),
        "expiry_date": date_or_none(text(element, "ExpiryDate"), "expiry_date"),
        "publications": _publications(element),
    })


def _known_feature(description: str | None) -> str | None:
    # marknet writes the feature here when a mark has nothing to reproduce (a sound mark
    # without a file); other offices write free text, which is not a category.
    return description if description in FEATURES else None


def _status(element: Node) -> str | None:
    # Rospatent: a record whose last MarkRecord is a "Non Renewal" has expired.
    records = findall(element, "MarkRecordBag/MarkRecord")
    if records and _is_non_renewal(records[-1]):
        return "expired"
    code = text(element, "MarkCurrentStatusCode")
    return read_status(code) if code else None


def _is_non_renewal(record: Node) -> bool:
    kinds = " ".join(t.text or "" for t in record.iter() if "Kind" in str(t.tag)
                     or "Category" in str(t.tag))
    return "non renewal" in " ".join(kinds.split()).casefold()


def _procedure(element: Node) -> str:
    designated = set(texts(element, "DesignatedCountryBag/DesignatedCountry/"
                                    "DesignatedCountryCode"))
    return "eaeu" if designated.issuperset(EAEU_PROCEDURE_COUNTRIES) else "national"


def _verbal(spec: Node) -> dict[str, Any] | None:
    node = find(spec, "MarkVerbalElementText")
    value = text(node) or text(spec, "MarkSignificantVerbalElementText")
    if not value:
        return None
    language = node.get(f"{{{ST96_COMMON}}}languageCode") if node is not None else None
    return compact({"text": value, "language": language,
                    "transliteration": text(spec, "MarkTransliteration"),
                    "translation": text(spec, "MarkTranslationText")})


def _image(image: Node) -> dict[str, Any] | None:
    name = text(image, "FileName") or text(image, "ImageFileName")
    if not name or name.casefold() == "no image available":
        return None
    codes = [vienna_code(_vienna(node)) for node in findall(
        image, "MarkImageClassification/FigurativeElementClassificationBag/"
        "ViennaClassificationBag/ViennaClassification")]
    codes += [vienna_code(t) for t in texts(
        image, "MarkImageClassification/FigurativeElementClassificationBag/"
        "ViennaClassificationBag/ViennaClassificationText")]
    return compact({"name": name, "vienna_codes": codes,
                    "colours": texts(image, "MarkImageColourClaimedText")})


def _vienna(node: Node) -> str:
    parts = [text(node, p) for p in ("ViennaCategory", "ViennaDivision", "ViennaSection")]
    return ".".join(p.zfill(2) for p in parts if p)


def goods_services(element: Node) -> tuple[list[dict[str, Any]], str | None]:
    """Nice classes with their terms, merged per class; and the Nice edition if stated."""
    by_class: dict[int, list[str]] = {}
    edition = None
    for goods in findall(element, "GoodsServicesBag/GoodsServices"):
        edition = edition or text(goods, "ClassificationVersion") or text(
            goods, "GoodsServicesClassificationBag/GoodsServicesClassification/"
            "ClassificationVersion")
        descriptions = findall(goods, "ClassDescriptionBag/ClassDescription")
        for description in descriptions:
            number = text(description, "ClassNumber")
            if number is not None:
                terms = by_class.setdefault(nice_number(number), [])
                terms += texts(description, "GoodsServicesDescriptionText")
        if not descriptions:
            for number in _classified(goods):
                by_class.setdefault(nice_number(number), [])
    goods_list = [compact({"nice_class": c, "terms": t}) for c, t in by_class.items()]
    return goods_list, edition


def _classified(goods: Node) -> list[str]:
    nice, primary = [], []
    for node in findall(goods, "GoodsServicesClassificationBag/GoodsServicesClassification"):
        kind = (text(node, "ClassificationKindCode") or "").casefold()
        number = text(node, "ClassNumber")
        if number and kind == "nice":
            nice.append(number)
        elif number and kind == "primary":
            primary.append(number)
    return nice or primary


def _priorities(element: Node) -> list[dict[str, Any]]:
    out = []
    for node in findall(element, "PriorityBag/Priority"):
        out.append({"kind": "paris", "country": text(node, "PriorityCountryCode"),
                    "number": text(node, "ApplicationNumber/ApplicationNumberText")
                    or text(node, "ApplicationNumber"),
                    "date": date_or_none(text(node, "PriorityApplicationFilingDate"),
                                         "priorities.date")})
    for node in findall(element, "ExhibitionPriorityBag/ExhibitionPriority"):
        comment = text(node, "CommentText") or ""
        out.append({"kind": "exhibition", "country": text(node, "ExhibitionCountryCode"),
                    "number": comment.removeprefix(PRIORITY_NUMBER_PREFIX) or None,
                    "date": date_or_none(text(node, "ExhibitionDate"), "priorities.date")})
    return out


def _publications(element: Node) -> list[dict[str, Any]]:
    out = []
    for node in findall(element, "PublicationBag/Publication"):
        date = date_or_none(text(node, "PublicationDate"), "publications.date")
        if date is None:
            continue  # the model needs a dated publication; an undated one says nothing
        section = (text(node, "PublicationSectionCategory") or "").casefold()
        subject = text(node, "PublicationSubsection") or (
            "registration" if section.startswith("registration") else "application")
        out.append({"bulletin": text(node, "PublicationIdentifier"), "date": date,
                    "subject": subject})
    return out


def _parties(element: Node) -> Iterator[dict[str, Any] | None]:
    for node in findall(element, "ApplicantBag/Applicant"):
        comments = " ".join(texts(node, "CommentText")).casefold()
        role = "holder" if HOLDER_COMMENT.casefold() in comments else "applicant"
        yield party(node, role)
    for node in findall(element, "RepresentativeBag/Representative"):
        yield party(node, "representative")
    bag = find(element, "MarkUserBag")
    for contact in findall(bag, "Contact") if bag is not None else ():
        yield compact({"name": contact_name(contact), "role": "licensee",
                       "address": contact_address(contact)})
