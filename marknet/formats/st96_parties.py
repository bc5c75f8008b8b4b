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
from marknet.formats.xmlsafe import Element, Node, find, findall, text, texts


def party(node: Node, role: str) -> dict[str, Any] | None:
    """A party's mapping; None for an empty placeholder; RecordError when nameless."""
    contact = find(node, "Contact")
    name = contact_name(contact) if contact is not None else None
    address = contact_address(contact) if contact is not None else None
    if not name:
        if address is None:
            return None
        raise RecordError(f"parties: a {role} without a name")
    identifiers = {}
    for ident in findall(node, "PartyIdentifier"):
        scheme, _, value = (ident.text or "").strip().rpartition(":")
        if value:
            identifiers[scheme or "id"] = value
    country = (text(node, "IncorporationCountryCode") or text(node, "NationalityCode")
               or text(node, "ResidenceCountryCode")
               or (text(contact, "PostalAddressBag/PostalAddress/PostalStructuredAddress/"
                             "CountryCode") if contact is not None else None))
    return compact({"name": name, "role": role, "country": country,
                    "address": address, "identifiers": identifiers})


def contact_name(contact: Node) -> str | None:
    name = find(contact, "Name")
    if name is None:
        return None
    return (text(name, "EntityName") or text(name, "OrganizationName/OrganizationStandardName")
            or text(name, "PersonName/PersonFullName")
            or " ".join(t for t in (text(name, "PersonName/PersonStructuredName/FirstName"),
                                    text(name, "PersonName/PersonStructuredName/LastName"))
                        if t) or None)


def contact_address(contact: Node) -> str | None:
    lines = texts(contact, "PostalAddressBag/PostalAddress/PostalAddressText")
    if not lines:
        structured = find(contact, "PostalAddressBag/PostalAddress/PostalStructuredAddress")
        if structured is not None:
            lines = texts(structured, "AddressLineText") + [
                t for p in ("CityName", "PostalCode") if (t := text(structured, p))]
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
