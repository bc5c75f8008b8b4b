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

from marknet.formats import st66, st96_gi, st96_madrid
from marknet.formats.items import ImportItem, SourceItem
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
    ELEMENTS,
    Element,
    Kids,
    Node,
    below,
    first,
    first_of,
    iter_records,
    kids,
    local,
    parse_record,
    record_bytes,
    strip_namespaces,
    stripped_texts,
)

NAMESPACES = frozenset({ST96_TRADEMARK, ST96_GI, ST96_OLD_TRADEMARK, RUPTO, ST96_COMMON})
# Registered marks are ``Trademark``; Rospatent's pending ones ``TradeMark``.
RECORD_TAGS = ("Trademark", "TradeMark", *st96_gi.RECORD_TAGS, *st96_madrid.RECORD_TAGS)


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
    if name in st96_madrid.RECORD_TAGS:
        return build_item(position, partial(international_registration, element))
    if name == "TradeMark" and element.find(".//{*}ApplicationNumberText") is None:
        # Rospatent's pending marks in its own element names; ST.96 ones read as Trademark.
        strip_namespaces(element)  # the ST.66-like reader queries plain local names
        return build_item(position, partial(st66.trademark, element, office))
    return build_item(position, partial(trademark, element, office))


def trademark(element: Element, office: str | None = None) -> dict[str, Any]:
    """One ``Trademark`` element → a mapping in the ``record_from_dict`` shape.

    The record is walked, not queried: each element read has its children grouped once
    (``kids``), a fifth cheaper than indexing the whole record for path queries (``Node``)
    and answering alike. Fields are read in the order that decides which error a record
    with several is reported with.
    """
    top = kids(element)
    numbers = [kids(n) for n in top.get("ApplicationNumber", ())]
    number = (first_of(numbers, "ApplicationNumberText")
              or first_of(numbers, "ST13ApplicationNumber") or first(top.get("ApplicationNumber")))
    filed = first(top.get("ApplicationDate")) or first(top.get("ApplicationDateTime"))
    representation = [kids(r) for r in top.get("MarkRepresentation", ())]
    reproduction = [kids(r) for r in _all(representation, "MarkReproduction")]
    words = [w for w in map(_verbal, _all(reproduction, "WordMarkSpecification")) if w]
    images = [i for i in map(_image, below(_all(reproduction, "MarkImageBag"), "MarkImage"))
              if i]
    feature = read_feature(first_of(representation, "MarkFeatureCategory")
                           or _known_feature(first(top.get("MarkFeatureDescription"))),
                           first(below(_all(representation, "MarkDescriptionBag"),
                                       "NationalMarkDescription", "MarkFeatureCode")))
    goods, edition = goods_services(top)
    office = (first(top.get("RegistrationOfficeCode")) or first_of(numbers, "IPOfficeCode")
              or office)
    designated = stripped_texts(below(top.get("DesignatedCountryBag", []), "DesignatedCountry",
                                      "DesignatedCountryCode"))
    procedure = _procedure(office, designated)
    registered = date_or_none(first(top.get("RegistrationDate")), "registration_date")
    return compact({
        "record_type": "trademark",
        "office": office,
        "application_number": number,
        "filing_date": date_or_none(filed, "filing_date"),
        "status": _status(top),
        "kind": read_kind(stripped_texts(top.get("MarkCategory"))),
        "feature": feature or infer_feature(bool(words), bool(images)),
        "procedure": procedure,
        "verbal_elements": words,
        "goods_services": goods,
        "nice_edition": edition,
        "priorities": _priorities(top),
        "images": images,
        "disclaimers": stripped_texts(below(top.get("MarkDisclaimerBag", []),
                                            "MarkDisclaimerText")),
        "parties": dedupe(p for p in _parties(top) if p),
        "registration_number": first(top.get("RegistrationNumber")),
        "registration_date": registered,
        "expiry_date": date_or_none(first(top.get("ExpiryDate")), "expiry_date"),
        "publications": _publications(top),
        # ST.96 names an international registration's designated states, not since when or
        # what each office decided: read as pending from the registration date.
        "designations": [{"country": c, "date": registered or date_or_none(filed, "filing_date"),
                          "status": "pending"} for c in designated]
        if procedure == "madrid" else [],
    })


def international_registration(element: Element) -> dict[str, Any]:
    """A Madrid notification (st96_madrid) with its images, goods and priorities read here."""
    top = kids(element)
    images = [i for i in map(_image, top.get("MarkImage", ())) if i]
    return st96_madrid.international_registration(element, images, goods_services(top),
                                                  _priorities(top))


def _all(groups: list[Kids], name: str) -> list[Element]:
    """The ``name`` children of several grouped elements, in document order."""
    return [e for group in groups for e in group.get(name, ())]


def _known_feature(description: str | None) -> str | None:
    # marknet writes the feature here when a mark has nothing to reproduce (a sound mark
    # without a file); other offices write free text, which is not a category.
    return description if description in FEATURES else None


def _status(top: Kids) -> str | None:
    # Rospatent: a record whose last MarkRecord is a "Non Renewal" has expired.
    records = below(top.get("MarkRecordBag", []), "MarkRecord")
    if records and _is_non_renewal(records[-1]):
        return "expired"
    code = first(top.get("MarkCurrentStatusCode"))
    if code:
        return read_status(code)
    # Rospatent's profile states no status: a mark in its register with a number is registered.
    return "registered" if first(top.get("RegistrationNumber")) else None


def _is_non_renewal(record: Element) -> bool:
    kinds = " ".join(t.text or "" for t in record.iter(ELEMENTS)
                     if "Kind" in (name := local(str(t.tag))) or "Category" in name)
    return "non renewal" in " ".join(kinds.split()).casefold()


def _procedure(office: str | None, designated: list[str]) -> str:
    if office == "WO" and designated:
        return "madrid"
    return "eaeu" if set(designated).issuperset(EAEU_PROCEDURE_COUNTRIES) else "national"


def _verbal(spec: Element) -> dict[str, Any] | None:
    fields = kids(spec)
    nodes = fields.get("MarkVerbalElementText")
    value = first(nodes) or first(fields.get("MarkSignificantVerbalElementText"))
    if not value:
        return None
    language = nodes[0].get(f"{{{ST96_COMMON}}}languageCode") if nodes else None
    return compact({"text": value, "language": language,
                    "transliteration": first(fields.get("MarkTransliteration")),
                    "translation": first(fields.get("MarkTranslationText"))})


def _image(image: Element) -> dict[str, Any] | None:
    fields = kids(image)
    name = first(fields.get("FileName")) or first(fields.get("ImageFileName"))
    if not name or name.casefold() == "no image available":
        return None
    bags = below(fields.get("MarkImageClassification", []),
                 "FigurativeElementClassificationBag", "ViennaClassificationBag")
    groups = [kids(bag) for bag in bags]
    codes = [vienna_code(_vienna(node)) for node in _all(groups, "ViennaClassification")]
    codes += [vienna_code(t) for t in stripped_texts(_all(groups, "ViennaClassificationText"))]
    return compact({"name": name, "vienna_codes": codes,
                    "colours": stripped_texts(fields.get("MarkImageColourClaimedText"))})


def _vienna(node: Element) -> str:
    fields = kids(node)
    parts = [first(fields.get(p)) for p in ("ViennaCategory", "ViennaDivision", "ViennaSection")]
    return ".".join(p.zfill(2) for p in parts if p)


def goods_services(top: Kids) -> tuple[list[dict[str, Any]], str | None]:
    """Nice classes with their terms, merged per class; and the Nice edition if stated."""
    by_class: dict[int, list[str]] = {}
    edition = None
    for goods in below(top.get("GoodsServicesBag", []), "GoodsServices"):
        fields = kids(goods)
        classifications = below(fields.get("GoodsServicesClassificationBag", []),
                                "GoodsServicesClassification")
        edition = edition or first(fields.get("ClassificationVersion")) or first(
            below(classifications, "ClassificationVersion"))
        descriptions = below(fields.get("ClassDescriptionBag", []), "ClassDescription")
        for description in descriptions:
            described = kids(description)
            number = first(described.get("ClassNumber"))
            if number is not None:
                terms = by_class.setdefault(nice_number(number), [])
                terms += stripped_texts(described.get("GoodsServicesDescriptionText"))
        if not descriptions:
            for number in _classified(classifications):
                by_class.setdefault(nice_number(number), [])
    goods_list = [compact({"nice_class": c, "terms": t}) for c, t in by_class.items()]
    return goods_list, edition


def _classified(classifications: list[Element]) -> list[str]:
    nice, primary = [], []
    for node in classifications:
        fields = kids(node)
        kind = (first(fields.get("ClassificationKindCode")) or "").casefold()
        number = first(fields.get("ClassNumber"))
        if number and kind == "nice":
            nice.append(number)
        elif number and kind == "primary":
            primary.append(number)
    return nice or primary


def _priorities(top: Kids) -> list[dict[str, Any]]:
    out = []
    for node in below(top.get("PriorityBag", []), "Priority"):
        fields = kids(node)
        numbers = [kids(n) for n in fields.get("ApplicationNumber", ())]
        out.append({"kind": "paris", "country": first(fields.get("PriorityCountryCode")),
                    "number": first_of(numbers, "ApplicationNumberText")
                    or first(fields.get("ApplicationNumber"))
                    or first(fields.get("ApplicationNumberText")),  # Rospatent's profile
                    "date": date_or_none(first(fields.get("PriorityApplicationFilingDate"))
                                         or first(fields.get("PriorityRegistrationDate")),
                                         "priorities.date")})
    for node in below(top.get("ExhibitionPriorityBag", []), "ExhibitionPriority"):
        fields = kids(node)
        comment = first(fields.get("CommentText")) or ""
        out.append({"kind": "exhibition", "country": first(fields.get("ExhibitionCountryCode")),
                    "number": comment.removeprefix(PRIORITY_NUMBER_PREFIX) or None,
                    "date": date_or_none(first(fields.get("ExhibitionDate")),
                                         "priorities.date")})
    return out


def _publications(top: Kids) -> list[dict[str, Any]]:
    out = []
    for node in below(top.get("PublicationBag", []), "Publication"):
        fields = kids(node)
        date = date_or_none(first(fields.get("PublicationDate")), "publications.date")
        if date is None:
            continue  # the model needs a dated publication; an undated one says nothing
        section = (first(fields.get("PublicationSectionCategory")) or "").casefold()
        subject = first(fields.get("PublicationSubsection")) or (
            "registration" if section.startswith("registration") else "application")
        out.append({"bulletin": first(fields.get("PublicationIdentifier")), "date": date,
                    "subject": subject})
    return out


def _parties(top: Kids) -> Iterator[dict[str, Any] | None]:
    for node in below(top.get("ApplicantBag", []), "Applicant"):
        fields = kids(node)
        comments = " ".join(stripped_texts(fields.get("CommentText"))).casefold()
        role = "holder" if HOLDER_COMMENT.casefold() in comments else "applicant"
        yield party(fields, role)
    for node in below(top.get("RepresentativeBag", []), "Representative"):
        yield party(kids(node), "representative")
    bags = top.get("MarkUserBag")
    for contact in kids(bags[0]).get("Contact", ()) if bags else ():
        fields = kids(contact)
        yield compact({"name": contact_name(fields), "role": "licensee",
                       "address": contact_address(fields)})
