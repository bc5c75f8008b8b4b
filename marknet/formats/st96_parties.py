"""Parties (applicants, holders, representatives, producers) in ST.96 ``Contact`` form.

Names are written as ``EntityName`` (marknet does not know whether a party is a person or an
organisation); national identifiers as ``PartyIdentifier`` text ``SCHEME:value`` because the
ST.96 identifier categories are a closed list that has no INN, OGRN or UNP.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marknet.formats.records import RecordError, compact
from marknet.formats.xmlbuild import Builder
from marknet.formats.xmlsafe import Element, Kids, below, first, first_of, kids, stripped_texts


def party(fields: Kids, role: str) -> dict[str, Any] | None:
    """A party's mapping (from its element's ``kids``); None for an empty placeholder;
    RecordError when nameless."""
    contacts = fields.get("Contact")
    contact = kids(contacts[0]) if contacts else None
    # Rospatent's profile names an applicant beside its contact (LegalEntityName).
    name = (contact_name(contact) if contact is not None else None) or first(
        fields.get("LegalEntityName"))
    address = contact_address(contact) if contact is not None else None
    if not name:
        if address is None:
            return None
        raise RecordError(f"parties: a {role} without a name")
    identifiers = {}
    for ident in fields.get("PartyIdentifier", ()):
        scheme, _, value = (ident.text or "").strip().rpartition(":")
        if value:
            identifiers[scheme or "id"] = value
    country = (first(fields.get("IncorporationCountryCode"))
               or first(fields.get("NationalityCode")) or first(fields.get("ResidenceCountryCode"))
               or (first(below(contact.get("PostalAddressBag", []), "PostalAddress",
                               "PostalStructuredAddress", "CountryCode"))
                   if contact is not None else None))
    return compact({"name": name, "role": role, "country": country,
                    "address": address, "identifiers": identifiers})


def contact_name(contact: Kids) -> str | None:
    """The name in a ``Contact`` (its children grouped by ``kids``)."""
    names = contact.get("Name")
    if not names:
        return None
    name = kids(names[0])
    person = [kids(p) for p in name.get("PersonName", ())]
    return (first(name.get("EntityName"))
            or first(below(name.get("OrganizationName", []), "OrganizationStandardName"))
            or first_of(person, "PersonFullName")
            or " ".join(t for t in (first(below(_structured(person), "FirstName")),
                                    first(below(_structured(person), "LastName"))) if t)
            or None)


def _structured(person: list[Kids]) -> list[Element]:
    return [s for p in person for s in p.get("PersonStructuredName", ())]


def contact_address(contact: Kids) -> str | None:
    """The address in a ``Contact``: its lines, else the structured address's."""
    addresses = below(contact.get("PostalAddressBag", []), "PostalAddress")
    lines = stripped_texts(below(addresses, "PostalAddressText"))
    if not lines:
        structured = below(addresses, "PostalStructuredAddress")
        if structured:
            fields = kids(structured[0])
            lines = stripped_texts(fields.get("AddressLineText")) + [
                t for p in ("CityName", "PostalCode") if (t := first(fields.get(p)))]
    return ", ".join(lines) or None


def identifiers_out(b: Builder, parent: Element, party: Mapping[str, Any],
                    limit: int | None = None) -> None:
    items = list((party.get("identifiers") or {}).items())[:limit]
    for scheme, value in items:
        b.sub(parent, "com:PartyIdentifier", f"{scheme}:{value}")


def contact_out(b: Builder, parent: Element, party: Mapping[str, Any]) -> None:
    contact = b.sub(parent, "com:Contact")
    b.sub(b.sub(contact, "com:Name"), "com:EntityName", party["name"])
    if party.get("address"):
        address = b.sub(b.sub(contact, "com:PostalAddressBag"), "com:PostalAddress")
        b.sub(address, "com:PostalAddressText", party["address"])
