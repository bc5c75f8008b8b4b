"""International registrations from WIPO's Madrid ST.96 notifications to designated offices.

The International Bureau tells each designated office of an international registration that
designates it (``MadridDesignation``; ``MadridInternationalRegistrationCreation`` for one
created by division or merger). Each becomes a WO trademark with procedure ``madrid``: the
international registration number as its number and registration number, the registration
date as its filing and registration date, and one designation per designated state, dated
from the notification's effective date and pending until the office decides.
"""

from __future__ import annotations

from typing import Any

from marknet.formats.records import compact, date_or_none, dedupe
from marknet.formats.st96_parties import party
from marknet.formats.st96_tables import infer_feature, read_feature, read_kind
from marknet.formats.xmlsafe import Element, Kids, below, first, kids, stripped_texts

RECORD_TAGS = ("MadridDesignation", "MadridInternationalRegistrationCreation")


def international_registration(element: Element, images: list[dict[str, Any]],
                               goods: tuple[list[dict[str, Any]], str | None],
                               priorities: list[dict[str, Any]]) -> dict[str, Any]:
    """One Madrid notification → a mapping in the ``record_from_dict`` shape.

    ``images``, ``goods`` and ``priorities`` are read by the ST.96 trademark reader: the
    elements are the same.
    """
    top = kids(element)
    number = first(top.get("InternationalRegistrationNumber"))
    effective = date_or_none(first(top.get("RecordEffectiveDate")), "RecordEffectiveDate")
    registered = date_or_none(first(top.get("InternationalRegistrationDate")),
                              "InternationalRegistrationDate") or effective
    text = first(top.get("MarkVerbalElementText")) or first(
        top.get("MarkSignificantVerbalElementText"))
    feature = read_feature(first(below(top.get("MarkFeatureCategoryBag", []),
                                       "MarkFeatureCategory")), None)
    goods_list, edition = goods
    return compact({
        "record_type": "trademark", "office": "WO", "procedure": "madrid",
        "application_number": number, "registration_number": number,
        "filing_date": registered, "registration_date": registered,
        "expiry_date": date_or_none(first(top.get("ExpiryDate")), "ExpiryDate"),
        "status": "registered",
        "kind": read_kind(stripped_texts(top.get("MarkCategory"))),
        "feature": feature or infer_feature(bool(text), bool(images)),
        "verbal_elements": [compact({
            "text": text, "transliteration": first(top.get("MarkTransliteration"))})]
        if text else [],
        "images": images,
        "goods_services": goods_list, "nice_edition": edition,
        "priorities": priorities,
        "disclaimers": stripped_texts(below(top.get("MarkDisclaimerBag", []),
                                            "MarkDisclaimerText")),
        "parties": dedupe(p for p in (party(kids(h), "holder") for h in below(
            top.get("HolderBag", []), "Holder")) if p),
        "designations": _designations(top, effective or registered),
    })


def _designations(top: Kids, since: str | None) -> list[dict[str, Any]]:
    countries = stripped_texts(below(top.get("DesignatedCountryBag", []), "DesignatedCountry",
                                     "DesignatedCountryCode"))
    return [{"country": country, "date": since, "status": "pending"} for country in countries]
