"""Hypothesis strategies for trademark and GI mappings that ``record_from_dict`` accepts.

Values stay inside what the formats promise to carry (see marknet/formats/README.md): for
GIs that means no certificates, boundary, holders or licensees, and statuses ST.96 names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from marknet.model.dates import add_months

OFFICES = ("RU", "BY", "KZ", "AM", "KG", "US", "DE", "FR")
COUNTRIES = ("RU", "BY", "KZ", "AM", "KG", "US", "DE", "FR", "CN", "IT")
LANGUAGES = ("ru", "be", "en", "kk", "hy", "de", None)
VIENNA = ("01.01.01", "01.15.15", "02.01.01", "03.01.08", "05.03.13", "26.01.01", "27.05.01")
ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789абвгдежзийклмнопрстуфхцчшщъыьэюяё"
            "АБВЁЖЯіўІЎ &<>\"'-.,«»№’")
ROLE_ORDER = {"applicant": 0, "holder": 0, "representative": 1, "licensee": 2, "producer": 2}


def words(max_size: int = 30) -> st.SearchStrategy[str]:
    """Non-empty text without surrounding blanks (readers and the model strip them)."""
    return st.text(ALPHABET, min_size=1, max_size=max_size).map(
        lambda s: " ".join(s.split())).filter(bool)


dates = st.dates(dt.date(1990, 1, 1), dt.date(2025, 12, 31))


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _element(min_size: int = 0) -> st.SearchStrategy[list[dict[str, Any]]]:
    element = st.fixed_dictionaries({"text": words()}, optional={
        "language": st.sampled_from(LANGUAGES[:-1]), "transliteration": words(),
        "translation": words()})
    return st.lists(element, min_size=min_size, max_size=3)


def _party(roles: tuple[str, ...], identifiers: bool) -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        role = draw(st.sampled_from(roles))
        party: dict[str, Any] = {"name": draw(words(40)), "role": role}
        if draw(st.booleans()):
            party["address"] = draw(words(60))
        if role in ("licensee", "producer"):
            return party  # ST.96 keeps only a contact for these
        if draw(st.booleans()):
            party["country"] = draw(st.sampled_from(COUNTRIES))
        if identifiers and draw(st.booleans()):
            party["identifiers"] = {"INN": draw(st.from_regex(r"\A[0-9]{10}\Z")),
                                    "OGRN": draw(st.from_regex(r"\A[0-9]{13}\Z"))}
        return party

    return build()


def _parties(roles: tuple[str, ...], identifiers: bool = True) -> st.SearchStrategy[Any]:
    return st.lists(_party(roles, identifiers), max_size=4,
                    unique_by=lambda p: p["name"]).map(
        lambda ps: sorted(ps, key=lambda p: ROLE_ORDER[p["role"]]))


def _publications() -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(st.fixed_dictionaries({
        "bulletin": words(20), "date": dates.map(dt.date.isoformat),
        "subject": st.sampled_from(("application", "registration"))}), max_size=2)


@st.composite
def trademarks(draw: st.DrawFn) -> dict[str, Any]:
    filed = draw(dates)
    feature = draw(st.sampled_from(("Word", "Stylized characters", "Combined", "Figurative",
                                    "Sound", "Three dimensional", "Colour", "Other")))
    verbal = feature in ("Word", "Stylized characters", "Combined")
    kind = draw(st.sampled_from(("individual", "collective", "certification")))
    procedure = "national" if kind == "certification" else draw(
        st.sampled_from(("national", "eaeu")))
    classes = draw(st.lists(st.integers(1, 45), unique=True, max_size=4))
    record: dict[str, Any] = {
        "office": draw(st.sampled_from(OFFICES)),
        "application_number": draw(st.from_regex(r"\A[1-9][0-9]{4,8}\Z")),
        "filing_date": filed.isoformat(),
        "status": draw(st.sampled_from(("filed", "examination", "published", "registered",
                                        "refused", "withdrawn", "expired", "surrendered",
                                        "invalidated", "cancelled"))),
        "kind": kind, "feature": feature, "procedure": procedure,
        "verbal_elements": draw(_element(1 if verbal else 0)),
        "goods_services": [{"nice_class": c, "terms": draw(st.lists(words(50), max_size=3))}
                           for c in classes],
        "images": draw(st.lists(st.fixed_dictionaries({
            "name": st.from_regex(r"\Aimage-[0-9]{1,3}\.png\Z"),
            "vienna_codes": st.lists(st.sampled_from(VIENNA), unique=True, max_size=3),
            "colours": st.lists(words(15), max_size=2)}), max_size=2)),
        "disclaimers": draw(st.lists(words(), max_size=2)),
        "parties": draw(_parties(("applicant", "holder", "representative", "licensee"))),
        "priorities": draw(st.lists(_priority(filed), max_size=2).map(
            lambda ps: sorted(ps, key=lambda p: p["kind"] != "paris"))),
        "publications": draw(_publications()),
    }
    if classes:
        record["nice_edition"] = draw(st.sampled_from(("12-2024", "11-2019")))
    if draw(st.booleans()):
        registered = filed + dt.timedelta(days=draw(st.integers(0, 900)))
        record["registration_number"] = draw(st.from_regex(r"\A[0-9]{5,7}\Z"))
        record["registration_date"] = registered.isoformat()
        record["expiry_date"] = add_months(filed, 120).isoformat()
    return record


def _priority(filed: dt.date) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({
        "kind": st.sampled_from(("paris", "exhibition")),
        "country": st.sampled_from(COUNTRIES),
        "number": st.from_regex(r"\A[A-Z0-9]{1,12}\Z"),
        "date": st.integers(0, 170).map(lambda d: (filed - dt.timedelta(days=d)).isoformat()),
    })


@st.composite
def gis(draw: st.DrawFn) -> dict[str, Any]:
    filed = draw(dates)
    record: dict[str, Any] = {
        "record_type": "gi",
        "office": draw(st.sampled_from(OFFICES)),
        "application_number": draw(st.from_regex(r"\A[1-9][0-9]{3,8}\Z")),
        "filing_date": filed.isoformat(),
        "kind": draw(st.sampled_from(("gi", "ao"))),
        "status": draw(st.sampled_from(("filed", "published", "registered", "expired"))),
        "names": draw(_element(1)),
        "product": draw(words(60)),
        "nice_class": draw(_opt(st.integers(1, 45))),
        "area": draw(st.just("") | words(60)),
        "properties": draw(st.just("") | words(80)),
        "parties": draw(_parties(("applicant", "representative", "producer"), False)),
        "publications": draw(_publications()),
    }
    if not any(p["role"] == "applicant" for p in record["parties"]):
        # Only a GIApplication has a representative bag, and it needs an applicant.
        record["parties"] = [p for p in record["parties"] if p["role"] != "representative"]
    if draw(st.booleans()):
        record["conclusion"] = {"authority": draw(words(40)),
                                "date": draw(dates).isoformat(),
                                "number": draw(st.from_regex(r"\A[0-9]{1,6}\Z")),
                                "summary": draw(words(40))}
    if draw(st.booleans()):
        record["registration_number"] = draw(st.from_regex(r"\A[0-9]{1,5}\Z"))
        record["registration_date"] = (filed + dt.timedelta(days=draw(
            st.integers(0, 900)))).isoformat()
    return record
