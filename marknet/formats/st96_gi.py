"""ST.96 geographical indications: ``GIApplication`` and ``GIData`` ↔ GI records.

A GI record with applicants is written as a ``GIApplication`` (which requires an applicant),
one without as ``GIData``. Producers are ``AuthorizedUser`` entries; the competent
authority's conclusion is an origin certificate. What ST.96 cannot hold is listed in
``marknet/formats/README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from marknet.formats.items import ImportItem
from marknet.formats.records import RecordError, build_item, compact, date_or_none, nice_number
from marknet.formats.st96_parties import (
    contact_address,
    contact_name,
    contact_out,
    identifiers_out,
    party,
)
from marknet.formats.xmlbuild import Builder, Element
from marknet.formats.xmlsafe import Node, find, findall, kids, local, text, texts
from marknet.model.codelists import nice_class

COM = "{http://www.wipo.int/standards/XMLSchema/ST96/Common}"
RECORD_TAGS = ("GIApplication", "GIData")
AO_CATEGORIES = ("appellation of origin", "protected designation of origin")
STATUS_TO_GI = {"filed": "Filing", "examination": "Filing", "published": "Published",
                "registered": "Registered"}
GI_TO_STATUS = {"filing": "filed", "published": "published", "registered": "registered",
                "ended": "expired"}
CONCLUSION_NAME = "Conclusion of the competent authority"


def read_gi_item(position: str, element: Node, office: str | None) -> ImportItem:
    return build_item(position, partial(gi, element, office))


def gi(element: Node, office: str | None = None) -> dict[str, Any]:
    """A ``GIApplication`` or ``GIData`` element → a GI mapping for ``record_from_dict``."""
    data = element if local(element.tag) == "GIData" else find(element, "GIData")
    if data is None:
        raise RecordError("GIApplication without GIData")
    number = text(data, "ApplicationNumber/ApplicationNumberText") or text(
        element, "ApplicationNumber/ApplicationNumberText")
    filed = text(data, "ApplicationDate") or text(element, "ApplicationDate")
    classes, product = _product(data)
    status = text(data, "GIStatusCategory")
    return compact({
        "record_type": "gi",
        "office": data.get(f"{COM}officeCode") or element.get(f"{COM}officeCode") or office,
        "application_number": number,
        "filing_date": date_or_none(filed, "filing_date"),
        "kind": "ao" if (text(data, "GICategory") or "").casefold() in AO_CATEGORIES else "gi",
        "status": GI_TO_STATUS.get(status.casefold(), "filed") if status else None,
        "names": _names(data),
        "product": product,
        "nice_class": classes[0] if classes else None,
        "area": "\n".join(texts(data, "GeographicRegionDescriptionBag/"
                                "GeographicRegionDescription/GeographicRegionDescriptionText")),
        "properties": "\n".join(texts(data, "FeatureDescriptionBag/FeatureDescription/"
                                      "FeatureDescriptionText")),
        "conclusion": _conclusion(data),
        "parties": _parties(element, data),
        "registration_number": text(data, "RegistrationNumber"),
        "registration_date": date_or_none(text(data, "RegistrationDate"), "registration_date"),
        "publications": _publications(element, data),
    })


def _names(data: Node) -> list[dict[str, Any]]:
    def by_sequence(path: str) -> dict[str, str]:
        return {node.get(f"{COM}sequenceNumber") or str(i): node.text.strip()
                for i, node in enumerate(findall(data, path)) if node.text and node.text.strip()}

    transliterations = by_sequence("GINameBag/GINameTransliterationText")
    translations = by_sequence("GINameBag/GINameTranslationText")
    names = []
    for i, node in enumerate(findall(data, "GINameBag/GINameText")):
        if not (node.text and node.text.strip()):
            continue
        sequence = node.get(f"{COM}sequenceNumber") or str(i)
        names.append(compact({"text": node.text.strip(),
                              "language": node.get(f"{COM}languageCode"),
                              "transliteration": transliterations.get(sequence),
                              "translation": translations.get(sequence)}))
    return names


def _product(data: Node) -> tuple[list[int], str]:
    classes: list[int] = []
    terms: list[str] = []
    for goods in findall(data, "ProductIndicationBag/GoodsServices"):
        for node in findall(goods, "GoodsServicesClassificationBag/GoodsServicesClassification"):
            if (number := text(node, "ClassNumber")) and nice_number(number) not in classes:
                classes.append(nice_number(number))
        terms += texts(goods, "ClassDescriptionBag/ClassDescription/"
                              "GoodsServicesDescriptionText")
    product = "; ".join(terms) or "; ".join(texts(data, "ProductIndicationBag/ProductCategory"))
    if not product and classes:
        # ST.96 lets a GI name only its classes; the model needs words for the product.
        product = nice_class(classes[0]).heading
    return classes, product


def _conclusion(data: Node) -> dict[str, Any] | None:
    bag = find(data, "OriginCertificateBag")
    if bag is None:
        return None
    certificate = find(bag, "CertificateBag/Certificate")
    authority = text(bag, "CompetentAuthorityText")
    if certificate is None:
        return {"authority": authority} if authority else None
    summary = text(certificate, "DocumentName")
    return compact({
        "authority": authority or text(certificate, "OrganizationName/OrganizationStandardName"),
        "date": date_or_none(text(certificate, "DocumentDate"), "conclusion.date"),
        "number": text(certificate, "DocumentIdentifier"),
        "summary": None if summary == CONCLUSION_NAME else summary})


def _parties(element: Node, data: Node) -> list[dict[str, Any]]:
    found = [party(kids(node.element), "applicant")
             for node in findall(element, "ApplicantBag/Applicant")]
    found += [party(kids(node.element), "representative")
              for node in findall(element, "RepresentativeBag/Representative")]
    out = [p for p in found if p]
    users = findall(element, "AuthorizedUser")
    users += [u for u in findall(data, "AuthorizedUser") if u not in users]
    for user in users:
        found_contact = find(user, "Contact")
        contact = kids(found_contact.element) if found_contact is not None else None
        if contact is not None and (name := contact_name(contact)):
            out.append(compact({"name": name, "role": "producer",
                                "address": contact_address(contact)}))
    return out


def _publications(element: Node, data: Node) -> list[dict[str, Any]]:
    nodes = findall(data, "GIPublicationBag/GIPublication") or findall(
        element, "GIPublicationBag/GIPublication")
    out = []
    for node in nodes:
        date = date_or_none(text(node, "PublicationDate"), "publications.date")
        if date is not None:
            out.append({"bulletin": text(node, "PublicationIdentifier"), "date": date,
                        "subject": text(node, "PublicationSubsection") or "application"})
    return out


# --- writing -------------------------------------------------------------------------------


def build_gi(b: Builder, parent: Element, record: Mapping[str, Any]) -> Element:
    """Append the record's ``GIApplication`` (or ``GIData``) to ``parent``."""
    parties = record.get("parties") or []
    applicants = [p for p in parties if p["role"] == "applicant"]
    if not applicants:
        return _gi_data(b, parent, record, producers=True)
    node = b.sub(parent, "gin:GIApplication", attrib={"com:st96Version": "V6_0"})
    _gi_data(b, node, record, producers=False)
    _authorized_users(b, node, parties)
    bag = b.sub(node, "gin:ApplicantBag")
    for member in applicants:
        applicant = b.sub(bag, "gin:Applicant")
        identifiers_out(b, applicant, member, limit=1)
        contact_out(b, applicant, member)
        b.opt(applicant, "com:ResidenceCountryCode", member.get("country"))
    representatives = [p for p in parties if p["role"] == "representative"]
    if representatives:
        reps = b.sub(node, "com:RepresentativeBag")
        for member in representatives:
            rep = b.sub(reps, "com:Representative")
            contact_out(b, rep, member)
            b.opt(rep, "com:IncorporationCountryCode", member.get("country"))
    return node


def _gi_data(b: Builder, parent: Element, record: Mapping[str, Any],
             producers: bool) -> Element:
    names = record.get("names") or []
    language = next((n["language"] for n in names if n.get("language")), "en")
    data = b.sub(parent, "gin:GIData", attrib={"com:officeCode": record["office"],
                                                "com:languageCode": language})
    number = b.sub(data, "com:ApplicationNumber")
    b.sub(number, "com:ApplicationNumberText", record["application_number"])
    b.sub(data, "com:ApplicationDate", record["filing_date"])
    if record.get("registration_number"):
        b.sub(data, "com:RegistrationNumber", record["registration_number"])
        b.opt(data, "com:RegistrationDate", record.get("registration_date"))
    _names_out(b, data, names)
    _product_out(b, data, record)
    features = b.sub(b.sub(data, "gin:FeatureDescriptionBag"), "gin:FeatureDescription")
    b.sub(features, "gin:FeatureDescriptionText", record.get("properties", ""))
    region = b.sub(b.sub(data, "gin:GeographicRegionDescriptionBag"),
                   "gin:GeographicRegionDescription")
    b.sub(region, "gin:GeographicRegionDescriptionText", record.get("area", ""))
    b.sub(data, "gin:GICategory",
          "Appellation of Origin" if record.get("kind") == "ao" else "Geographical Indication")
    _conclusion_out(b, data, record.get("conclusion"))
    if producers:
        _authorized_users(b, data, record.get("parties") or [])
    _publications_out(b, data, record.get("publications") or [])
    b.sub(data, "gin:GIStatusCategory", STATUS_TO_GI.get(record.get("status", "filed"), "Ended"))
    return data


def _names_out(b: Builder, data: Element, names: list[Mapping[str, Any]]) -> None:
    bag = b.sub(data, "gin:GINameBag")
    for i, name in enumerate(names, 1):
        attrib = {"com:sequenceNumber": f"{i:03d}"}
        if name.get("language"):
            attrib["com:languageCode"] = name["language"]
        b.sub(bag, "gin:GINameText", name["text"], attrib)
    for key, element in (("transliteration", "gin:GINameTransliterationText"),
                         ("translation", "gin:GINameTranslationText")):
        for i, name in enumerate(names, 1):
            b.opt(bag, element, name.get(key), {"com:sequenceNumber": f"{i:03d}"})


def _product_out(b: Builder, data: Element, record: Mapping[str, Any]) -> None:
    goods = b.sub(b.sub(data, "gin:ProductIndicationBag"), "tmk:GoodsServices")
    classification = b.sub(b.sub(goods, "tmk:GoodsServicesClassificationBag"),
                           "tmk:GoodsServicesClassification")
    b.sub(classification, "tmk:ClassificationKindCode", "Nice")
    if record.get("nice_class") is not None:
        b.sub(classification, "tmk:ClassNumber", f"{record['nice_class']:02d}")
    description = b.sub(b.sub(goods, "tmk:ClassDescriptionBag"), "tmk:ClassDescription")
    b.sub(description, "tmk:GoodsServicesDescriptionText", record.get("product", ""))


def _conclusion_out(b: Builder, data: Element, conclusion: Mapping[str, Any] | None) -> None:
    if not conclusion or not conclusion.get("date"):
        return  # an origin certificate needs a date; see README
    bag = b.sub(data, "gin:OriginCertificateBag")
    certificate = b.sub(b.sub(bag, "gin:CertificateBag"), "gin:Certificate")
    b.sub(certificate, "com:DocumentIdentifier", conclusion.get("number", ""))
    b.sub(certificate, "com:DocumentDate", conclusion["date"])
    b.sub(certificate, "com:DocumentName", conclusion.get("summary") or CONCLUSION_NAME)
    organisation = b.sub(certificate, "com:OrganizationName")
    b.sub(organisation, "com:OrganizationStandardName", conclusion["authority"])
    b.sub(bag, "gin:CompetentAuthorityText", conclusion["authority"])


def _authorized_users(b: Builder, parent: Element, parties: list[Mapping[str, Any]]) -> None:
    for member in parties:
        if member["role"] == "producer":
            user = b.sub(parent, "gin:AuthorizedUser")
            contact_out(b, user, member)
            b.sub(user, "gin:AuthorizedUserCategory", "Producer")


def _publications_out(b: Builder, data: Element, items: list[Mapping[str, Any]]) -> None:
    if not items:
        return
    bag = b.sub(data, "gin:GIPublicationBag")
    for item in items:
        node = b.sub(bag, "gin:GIPublication")
        b.sub(node, "com:PublicationIdentifier", item["bulletin"])
        b.sub(node, "com:PublicationDate", item["date"])
        b.sub(node, "com:PublicationSubsection", item.get("subject", "application"))
