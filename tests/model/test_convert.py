from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marknet.errors import ValidationError
from marknet.model import (
    GeographicalIndication,
    MarkFeature,
    Status,
    Trademark,
    record_from_dict,
    record_to_dict,
)


def test_the_short_cli_form_builds_a_full_trademark() -> None:
    mark = record_from_dict({"office": "RU", "application_number": "2020740504",
                             "filing_date": "2020-11-23", "text": "ЛУКОЙЛ",
                             "nice_classes": [4, 35], "status": "registered"})
    assert isinstance(mark, Trademark)
    assert mark.id == "RU502020000740504"
    assert mark.text == "ЛУКОЙЛ"
    assert mark.nice_classes == (4, 35)
    assert mark.status is Status.REGISTERED
    assert mark.feature is MarkFeature.WORD


def test_every_field_error_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        record_from_dict({"office": "XX", "application_number": "2020740504",
                          "filing_date": "2020-02-30", "nice_classes": [99, "a"],
                          "status": "bogus", "parties": [{"name": "", "country": "ZZ"}]})
    fields = {e.field for e in caught.value.errors}
    assert {"office", "filing_date", "nice_classes[0]", "nice_classes[1]", "status",
            "parties[0].name"} <= fields


def test_semantic_errors_are_listed_together() -> None:
    with pytest.raises(ValidationError) as caught:
        record_from_dict({"office": "BY", "application_number": "a20230001",
                          "filing_date": "2023-05-01", "feature": "Word",
                          "registration_date": "2022-01-01",
                          "priorities": [{"country": "QQ", "number": "1",
                                          "date": "2022-01-01"}]})
    messages = str(caught.value)
    assert "text: a Word mark needs a verbal element" in messages
    assert "registration_date: is before the filing date" in messages
    assert "unknown ST.3 code 'QQ'" in messages
    assert "more than 6 months before filing" in messages


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("filing_date", "23.11.2020", "must be a date YYYY-MM-DD"),
    ("filing_date", "2999-01-01", "is not plausible"),
    ("nice_classes", [0], "Nice class must be 1–45"),
    ("office", "ru-x", "unknown office code"),
    ("application_number", "", "must not be empty"),
])
def test_bad_values_name_the_field(field: str, value: Any, expected: str) -> None:
    data: dict[str, Any] = {"office": "RU", "application_number": "2020740504",
                            "filing_date": "2020-11-23", "text": "LUKOIL", "nice_classes": [4]}
    data[field] = value
    with pytest.raises(ValidationError, match=expected):
        record_from_dict(data)


def test_a_gi_with_producers_certificates() -> None:
    gi = record_from_dict({
        "record_type": "gi", "office": "BY", "application_number": "a20160003",
        "filing_date": "2016-04-18", "kind": "gi", "status": "registered",
        "names": [{"text": "Лідскае піва", "language": "be"},
                  {"text": "Лидское пиво", "language": "ru"}],
        "product": "пиво", "nice_class": 32, "area": "г. Лида",
        "certificates": [{"number": "3/1", "filing_date": "2016-04-18",
                          "producer": {"name": "ОАО «Лидское пиво»", "role": "producer"}}]})
    assert isinstance(gi, GeographicalIndication)
    assert gi.id == "BY522016000000003"
    assert gi.certificates[0].producer.name == "ОАО «Лидское пиво»"
    assert record_from_dict(record_to_dict(gi)) == gi


def test_a_gi_without_a_name_or_product_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        record_from_dict({"record_type": "gi", "office": "RU", "application_number": "2019700207",
                          "filing_date": "2019-05-20"})
    assert {"names", "product"} <= {e.field for e in caught.value.errors}


_words = st.text(alphabet="АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЫЭЮЯабвгдіўABCDEFGHIJKLMNOPQRSTUVWXYZ ",
                 min_size=1, max_size=30).filter(lambda s: s.strip() != "")
_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2025, 12, 31))


@st.composite
def trademark_mappings(draw: st.DrawFn) -> dict[str, Any]:
    filed = draw(_dates)
    data: dict[str, Any] = {
        "office": draw(st.sampled_from(["RU", "BY", "KZ", "AM", "KG"])),
        "application_number": str(filed.year) + str(draw(st.integers(1, 99_999))),
        "filing_date": filed.isoformat(),
        "status": draw(st.sampled_from([s.value for s in Status])),
        "feature": draw(st.sampled_from(["Word", "Combined", "Stylized characters"])),
        "verbal_elements": [{"text": draw(_words).strip(),
                             "language": draw(st.sampled_from(["ru", "be", "en"]))}],
        "goods_services": [{"nice_class": c, "terms": draw(st.lists(_words.map(str.strip),
                                                                    max_size=2))}
                           for c in draw(st.sets(st.integers(1, 45), min_size=1, max_size=4))],
        "parties": [{"name": draw(_words).strip(), "role": "holder",
                     "country": draw(st.sampled_from(["RU", "BY", "DE", "US"]))}],
    }
    if draw(st.booleans()):
        data["registration_number"] = str(draw(st.integers(1, 999_999)))
        registered = filed + dt.timedelta(days=draw(st.integers(0, 900)))
        data["registration_date"] = registered.isoformat()
    return data


@settings(max_examples=150)
@given(trademark_mappings())
def test_mapping_round_trip_is_lossless(data: dict[str, Any]) -> None:
    record = record_from_dict(data)
    canonical = record_to_dict(record)
    again = record_from_dict(canonical)
    assert again == record
    assert record_to_dict(again) == canonical
