"""National GIs and AOs (RU, BY): application with the competent authority's conclusion,
formal examination, publication, observations, the merits, registration with each applicant's
right, further producers, renewal, early termination, lapse, challenges, and the end of
protection with the last right; and every bad input the issue lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from marknet.errors import InputError, TransitionError
from marknet.procedure import Decision, advance, decide, examine, file, tick
from marknet.register.verify import verify_store
from tests.procedure.offices import APPLICANT, THIRD, FakeClock, Office, gi_record, mark

CONCLUSION = {"authority": "Ministry of Agriculture of the Tula region", "number": "12-07/45",
              "date": "2024-01-15", "summary": "gingerbread baked in the Tula region has the "
              "properties described in the application"}
# Around Tula: lon 36.9-38.3, lat 53.8-54.5 (a rough quadrilateral, for the tests).
TULA = {"type": "Polygon", "coordinates": [[[36.9, 53.8], [38.3, 53.8], [38.3, 54.5],
                                            [36.9, 54.5], [36.9, 53.8]]]}
STARAYA_TULA = {"name": "Старая Тула ООО", "country": "RU",
                "identifiers": {"INN": "7107000001", "OGRN": "1027100000001"},
                "location": {"lon": 37.6, "lat": 54.19}}


def _gi(**more: Any) -> dict[str, Any]:
    return {"record_type": "gi", "kind": "gi",
            "names": [{"text": "Тульский пряник", "language": "ru"},
                      {"text": "Tulsky pryanik", "language": "en"}],
            "product": "gingerbread", "nice_class": 30, "area": "Tula region",
            "boundary": TULA, "properties": "honey-based dough, printed board",
            "conclusion": CONCLUSION,
            "parties": [{"name": "Tula Gingerbread Factory", "role": "applicant",
                         "country": "RU", "identifiers": {"INN": "7107000000"}}], **more}


def _registered(ru: Office) -> str:
    gi_id = file(ru.p, _gi(), APPLICANT).record_id
    advance(ru.p, gi_id, "pass_formal", ru.examiner)
    advance(ru.p, gi_id, "publish", ru.examiner)
    advance(ru.p, gi_id, "observe", THIRD, {"text": "the recipe is also used in Kaluga"})
    assert decide(ru.p, gi_id, Decision(ru.examiner, True)).state == "registered"
    return gi_id


def _further_producer(ru: Office, gi_id: str, producer: dict[str, Any] | None = None) -> str:
    advance(ru.p, gi_id, "request_certificate", APPLICANT,
            {"producer": producer or STARAYA_TULA, "conclusion": CONCLUSION})
    requests = ru.p.case(gi_id, "gi").data["certificate_requests"]
    number = str(next(n for n, r in requests.items() if not r.get("issued")))
    advance(ru.p, gi_id, "issue_certificate", ru.examiner, {"certificate": number})
    return number


def test_lifecycle_from_application_to_two_producers(ru: Office, clock: FakeClock) -> None:
    gi_id = _registered(ru)
    gi = gi_record(ru, gi_id)
    assert gi.status.value == "registered"
    assert gi.publications
    [own] = gi.certificates
    assert own.producer.name == "Tula Gingerbread Factory"
    assert own.producer.identifiers == {"INN": "7107000000"}
    assert own.conclusion is not None
    assert own.conclusion.number == "12-07/45"
    assert own.expiry_date == dt.date(2034, 3, 4)
    second = _further_producer(ru, gi_id)
    gi = gi_record(ru, gi_id)
    assert [c.number for c in gi.certificates] == [own.number, second]
    assert gi.certificates[1].producer.identifiers["OGRN"] == "1027100000001"
    steps = [s["action"] for s in ru.p.db.history(gi_id)]
    assert steps == ["file", "pass_formal", "publish", "observe", "grant", "issue_certificate",
                     "request_certificate", "issue_certificate"]

    clock.advance(40)
    tm = file(ru.p, mark("ТУЛЬСКИЙ ПРЯНИК ЗОЛОТОЙ", [30, 9]), APPLICANT).record_id
    advance(ru.p, tm, "pass_formal", ru.examiner)
    advance(ru.p, tm, "publish", ru.examiner)
    report = {item.nice_class: item.conflicts for item in examine(ru.p, tm).goods}
    assert [c.earlier_id for c in report[30]] == [gi_id]
    assert report[30][0].ground.startswith("contains a protected GI/AO")
    assert report[30][0].holders == ("Tula Gingerbread Factory", "Старая Тула ООО")
    assert report[9] == []


def test_renewal_lapse_and_the_end_of_protection(ru: Office, clock: FakeClock) -> None:
    gi_id = _registered(ru)
    own = gi_record(ru, gi_id).certificates[0].number
    second = _further_producer(ru, gi_id)
    clock.set("2030-01-01")
    with pytest.raises(TransitionError, match="renewal is possible from 2033-03-04"):
        advance(ru.p, gi_id, "renew_certificate", APPLICANT,
                {"certificate": own, "conclusion": {**CONCLUSION, "date": "2029-12-01"}})
    clock.set("2033-06-01")
    with pytest.raises(InputError, match="expired on 2025-01-15; a fresh one is needed"):
        advance(ru.p, gi_id, "renew_certificate", APPLICANT,
                {"certificate": own, "conclusion": CONCLUSION})
    advance(ru.p, gi_id, "renew_certificate", APPLICANT,
            {"certificate": own, "conclusion": {**CONCLUSION, "date": "2033-05-20"}})
    advance(ru.p, gi_id, "terminate_certificate", ru.examiner,
            {"certificate": second, "grounds": "producer liquidated"})
    with pytest.raises(TransitionError, match="was terminated; a terminated right cannot be"):
        advance(ru.p, gi_id, "renew_certificate", APPLICANT,
                {"certificate": second, "conclusion": {**CONCLUSION, "date": "2033-05-20"}})
    by_number = {c.number: c for c in gi_record(ru, gi_id).certificates}
    assert by_number[own].expiry_date == dt.date(2044, 3, 4)
    assert by_number[second].status.value == "terminated"
    # The stored record is what its events project to (grounds and dates stay in the events).
    assert verify_store(ru.node.store).first_break is None

    clock.set("2044-10-01")  # the renewed right's term and grace are over
    done = [d["action"] for d in tick(ru.p).done]
    assert done == ["certificate_lapsed"]
    assert gi_record(ru, gi_id).status.value == "registered"  # a year to find a new producer
    clock.set("2045-10-10")
    assert [d["action"] for d in tick(ru.p).done] == ["end_protection"]
    assert gi_record(ru, gi_id).status.value == "cancelled"
    assert ru.p.case(gi_id, "gi").state == "ended"


def test_challenges_to_a_certificate_and_to_the_registration(ru: Office) -> None:
    gi_id = _registered(ru)
    second = _further_producer(ru, gi_id)
    advance(ru.p, gi_id, "challenge", THIRD, {"text": "Staraya Tula bakes in Moscow",
                                              "certificate": second})
    advance(ru.p, gi_id, "uphold_challenge", ru.examiner)
    assert {c.number: c.status.value for c in gi_record(ru, gi_id).certificates}[second] == \
        "terminated"
    assert ru.p.case(gi_id, "gi").state == "registered"
    advance(ru.p, gi_id, "challenge", THIRD, {"text": "the name is generic"})
    advance(ru.p, gi_id, "dismiss_challenge", ru.examiner)
    advance(ru.p, gi_id, "challenge", THIRD, {"text": "the name is generic, new evidence"})
    advance(ru.p, gi_id, "uphold_challenge", ru.examiner)
    assert gi_record(ru, gi_id).status.value == "invalidated"


def _nothing_written(ru: Office, attempt: Any) -> str:
    before = ru.p.store.query("SELECT count(*) FROM events")[0][0], \
        ru.p.store.query("SELECT count(*) FROM procedure_log")[0][0]
    with pytest.raises((InputError, TransitionError)) as caught:
        attempt()
    after = ru.p.store.query("SELECT count(*) FROM events")[0][0], \
        ru.p.store.query("SELECT count(*) FROM procedure_log")[0][0]
    assert after == before
    message = str(caught.value.message)
    assert "\n" not in message
    return message


def test_bad_applications_are_refused_with_one_line(ru: Office) -> None:
    no_conclusion = {k: v for k, v in _gi().items() if k != "conclusion"}
    assert "the competent authority's conclusion is required" in _nothing_written(
        ru, lambda: file(ru.p, no_conclusion, APPLICANT))
    stale = _gi(conclusion={**CONCLUSION, "date": "2021-05-01"})
    assert "the conclusion of 2021-05-01 expired on 2022-05-01" in _nothing_written(
        ru, lambda: file(ru.p, stale, APPLICANT))
    limited = _gi(conclusion={**CONCLUSION, "valid_until": "2024-02-01"})
    assert "expired on 2024-02-01" in _nothing_written(ru, lambda: file(ru.p, limited,
                                                                          APPLICANT))
    point = _gi(boundary={"type": "Point", "coordinates": [37.6, 54.2]})
    assert "must be a GeoJSON Polygon or MultiPolygon, not 'Point'" in _nothing_written(
        ru, lambda: file(ru.p, point, APPLICANT))
    ring = [[37.0 + i / 10_000, 54.0] for i in range(25_000)] + [[37.0, 54.0]]
    huge = _gi(boundary={"type": "Polygon", "coordinates": [ring]})
    assert "more than 20000 points" in _nothing_written(ru, lambda: file(ru.p, huge, APPLICANT))
    open_ring = _gi(boundary={"type": "Polygon", "coordinates": [TULA["coordinates"][0][:-1]]})
    assert "a ring must end where it starts" in _nothing_written(
        ru, lambda: file(ru.p, open_ring, APPLICANT))


def test_bad_certificate_requests_are_refused_with_one_line(ru: Office) -> None:
    gi_id = _registered(ru)
    moscow = {**STARAYA_TULA, "name": "Moscow Bakery", "identifiers": {},
              "location": {"lon": 37.62, "lat": 55.75}}
    assert "is outside the area of Тульский пряник (Tula region)" in _nothing_written(
        ru, lambda: advance(ru.p, gi_id, "request_certificate", APPLICANT,
                            {"producer": moscow, "conclusion": CONCLUSION}))
    nowhere = {"name": "Somewhere LLC"}
    assert "the producer's location (lon, lat) is needed" in _nothing_written(
        ru, lambda: advance(ru.p, gi_id, "request_certificate", APPLICANT,
                            {"producer": nowhere, "conclusion": CONCLUSION}))
    assert "this step needs conclusion" in _nothing_written(
        ru, lambda: advance(ru.p, gi_id, "request_certificate", APPLICANT,
                            {"producer": STARAYA_TULA}))
    first = _further_producer(ru, gi_id)
    renamed = {**STARAYA_TULA, "name": "Staraya Tula LLC"}  # same INN, other spelling
    assert f"already holds certificate {first}" in _nothing_written(
        ru, lambda: advance(ru.p, gi_id, "request_certificate", APPLICANT,
                            {"producer": renamed, "conclusion": CONCLUSION}))
    assert "no certificate request 2024999999" in _nothing_written(
        ru, lambda: advance(ru.p, gi_id, "issue_certificate", ru.examiner,
                            {"certificate": "2024999999"}))


def test_a_gi_without_a_boundary_takes_producers_of_its_country(ru: Office) -> None:
    gi_id = file(ru.p, _gi(boundary=None), APPLICANT).record_id
    advance(ru.p, gi_id, "pass_formal", ru.examiner)
    advance(ru.p, gi_id, "publish", ru.examiner)
    decide(ru.p, gi_id, Decision(ru.examiner, True))
    kz = {"name": "Almaty Bakery", "country": "KZ"}
    assert "the producer is in KZ; the area of Тульский пряник is in RU" in _nothing_written(
        ru, lambda: advance(ru.p, gi_id, "request_certificate", APPLICANT,
                            {"producer": kz, "conclusion": CONCLUSION}))


def test_missing_materials_deemed_withdrawn(ru: Office, clock: FakeClock) -> None:
    gi_id = file(ru.p, _gi(), APPLICANT).record_id
    advance(ru.p, gi_id, "request_materials", ru.examiner)
    clock.set("2024-07-10")
    tick(ru.p)
    assert gi_record(ru, gi_id).status.value == "withdrawn"
    assert ru.p.db.deadlines(record_id=gi_id) == []
