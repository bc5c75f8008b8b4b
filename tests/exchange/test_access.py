"""Confidential until published: the exchange is read only by partner offices, with signed
requests, and each partner reads only what it may see (issue #12, item 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
import pytest

from marknet.accounts.users import add_user, get_user, issue_token
from marknet.exchange.audience import Reader
from marknet.exchange.errors import FeedRejectedError
from marknet.exchange.feed import feed_page, signed_page
from marknet.exchange.keys import KeyRing
from marknet.exchange.mirror import apply_page
from marknet.exchange.peers import revoke_peer_key
from marknet.exchange.request_auth import sign_request
from marknet.model import PUBLIC_STATUSES, EventType, Status
from marknet.model.accessors import is_published
from marknet.register import ImportItem
from marknet.register.transitions import TRANSITIONS
from tests.exchange.helpers import decode_page
from tests.exchange.nodes import Pair, Side

FILING = {"text": "ZORBLAXQUIX", "goods_services": [{"nice_class": 9, "terms": ["software"]}],
          "parties": [{"name": "Zorblax Holdings", "role": "applicant", "country": "BY"}]}
READS = ("/exchange/v1/feed", "/exchange/v1/identity", "/exchange/v1/status")


def _token(side: Side, username: str, role: str) -> str:
    store = side.node.store
    add_user(store, username, "correct horse battery", role, "BY" if role == "examiner" else None)
    return issue_token(store, get_user(store, username), "api", dt.timedelta(hours=1))[0]


def _file(pair: Pair, text: str = "ZORBLAXQUIX") -> str:
    token = _token(pair.by, "zorblax-filer", "applicant")
    response = pair.by.client.post("/api/v1/applications", json={**FILING, "text": text},
                                   headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.mark.parametrize("path", READS)
def test_every_exchange_read_needs_a_partner_signature(pair: Pair, path: str) -> None:
    _file(pair)
    for headers in ({}, {"authorization": "Bearer " + "x" * 40},
                    {"signature-input": 'sig=("@method");keyid="0000"', "signature": "sig=:AA==:"}):
        response = pair.by.client.get(path + "?after=0", headers=headers)
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"].startswith("Signature")
        assert response.json()["code"] == "unauthenticated"
        assert b"ZORBLAXQUIX" not in response.content


def test_the_filing_event_of_an_unpublished_application_is_sealed(pair: Pair) -> None:
    record_id = _file(pair)
    assert pair.by.client.get(f"/api/v1/records/{record_id}").status_code == 404
    page = pair.by.signed_get("/exchange/v1/feed", as_side=pair.ru, after=0)
    assert page.status_code == 200
    assert b"ZORBLAXQUIX" not in page.content
    assert b"zorblax" not in page.content.lower()  # neither the applicant nor the user name
    assert record_id.encode() not in page.content  # nor its number
    head = pair.by.node.store.head("BY")
    assert decode_page(page.content)["events"][-1] == [head.seq, _prev(pair.by, head.seq),
                                                       head.hash]
    # The node's own operator reads everything.
    own = pair.by.signed_get("/exchange/v1/feed", after=0)
    assert b"ZORBLAXQUIX" in own.content


def test_open_data_and_the_public_api_hold_no_unpublished_filing(pair: Pair) -> None:
    record_id = _file(pair)
    for path in ("/api/v1/opendata/BY.jsonl", "/api/v1/opendata/BY.csv",
                 f"/api/v1/records/{record_id}"):
        response = pair.by.client.get(path)
        assert b"ZORBLAXQUIX" not in response.content, path
    found = pair.by.client.get("/api/v1/search?q=ZORBLAXQUIX&mode=exact").json()
    assert found["hits"] == []


def test_a_published_application_is_revealed_to_the_mirror(pair: Pair) -> None:
    record_id = _file(pair)
    pair.ru.exchange.replicator.run_once(force=True)
    assert pair.ru.node.store.head("BY") == pair.by.node.store.head("BY")
    assert not pair.ru.node.store.get_records([record_id])
    assert pair.ru.node.register.verify().ok  # the sealed place keeps the chain whole
    examiner = {"authorization": f"Bearer {_token(pair.by, 'petrova', 'examiner')}"}
    for action in ("pass_formal", "publish"):
        step = pair.by.client.post(f"/api/v1/applications/{record_id}/actions/{action}",
                                   headers=examiner)
        assert step.status_code == 200, step.text
    pair.clock.advance(60)
    pair.ru.exchange.replicator.run_once(force=True)
    mirrored = pair.ru.node.store.get_records([record_id])[record_id]
    assert mirrored.data == pair.by.node.store.get_records([record_id])[record_id].data
    assert [e.type for e in pair.ru.node.store.record_events(record_id)] == [
        e.type for e in pair.by.node.store.record_events(record_id)]
    report = pair.ru.node.register.verify()
    assert report.ok, report.first_break
    assert "sealed" not in report.registers["BY"]


def test_a_forged_reveal_is_refused(pair: Pair) -> None:
    record_id = _file(pair)
    pair.ru.exchange.replicator.run_once(force=True)
    pair.by.node.register.transition(record_id, EventType.FORMAL_EXAMINATION_PASSED, "examiner")
    pair.by.node.register.transition(record_id, EventType.PUBLISHED, "examiner",
                                     {"bulletin": "2025/9", "date": "2025-03-01"})
    after = pair.ru.node.store.head("BY").seq
    page = decode_page(feed_page(pair.by.node.store, "BY", pair.by.key(), after, 100,
                                 pair.clock(), Reader("RU", "test")))
    assert [r[0] for r in page["reveals"]] == [after]
    page["reveals"][0][6]["record"]["text"] = "FORGED"
    body = orjson.dumps({"events": page["events"], "reveals": page["reveals"]})
    # Signed by BY's own key, so only the hash of the sealed place gives the forgery away.
    forged = signed_page({k: v for k, v in page["header"].items()
                          if k not in ("body_bytes", "body_sha256")}, pair.by.key(), body)
    with pytest.raises(FeedRejectedError, match="does not match its hash"):
        apply_page(pair.ru.node.store, "BY", forged)
    assert not pair.ru.node.store.get_records([record_id])


def _prev(side: Side, seq: int) -> str:
    return str(side.node.store.query("SELECT prev_hash FROM events WHERE register = 'BY' AND "
                                     "seq = ?", (seq,))[0][0])


def _payload(event: EventType) -> dict[str, Any]:
    party = {"name": "Крыніца ААТ", "role": "holder", "country": "BY"}
    certificate = {"number": "7/1", "filing_date": "2024-03-01", "expiry_date": "2034-03-01",
                   "producer": {"name": "ААТ Крыніца", "role": "producer", "country": "BY"}}
    table: dict[EventType, dict[str, Any]] = {
        EventType.PUBLISHED: {"bulletin": "2025/9", "date": "2025-03-01"},
        EventType.REGISTERED: {"registration_number": "70001", "registration_date": "2025-03-01",
                               "expiry_date": "2030-01-10"},
        EventType.RENEWED: {"expiry_date": "2040-01-10"},
        EventType.RESTORED: {"status": "examination"},
        EventType.TRANSFERRED: {"holders": [party]},
        EventType.LICENSED: {"licensee": {**party, "role": "licensee"}},
        EventType.DATA_CHANGED: {"changes": {"disclaimers": ["ААТ"]}},
        EventType.CERTIFICATE_ISSUED: {"certificate": {**certificate, "number": "7/2"}},
        EventType.CERTIFICATE_RENEWED: {"number": "7/1", "expiry_date": "2044-03-01"},
        EventType.CERTIFICATE_TERMINATED: {"number": "7/1"},
        EventType.CERTIFICATE_EXPIRED: {"number": "7/1"},
    }
    return table.get(event, {})


def _record(n: int, event: EventType, status: Status) -> dict[str, Any]:
    base = {"office": "BY", "application_number": f"a2020{n:04d}", "filing_date": "2020-01-10",
            "status": status.value}
    if event.value.startswith("certificate"):
        return {**base, "record_type": "gi", "product": "вада мінеральная", "nice_class": 32,
                "names": [{"text": "Крыніца", "language": "be"}], "area": "Мінская вобласць",
                "certificates": [{"number": "7/1", "filing_date": "2024-03-01",
                                  "expiry_date": "2034-03-01", "producer": {
                                      "name": "ААТ Крыніца", "role": "producer",
                                      "country": "BY"}}]}
    return {**base, "text": "Крыніца", "nice_classes": [32]}


def _cases() -> list[tuple[EventType, Status]]:
    """Every status change of the register, from a confidential and from a public status."""
    cases = []
    for event, rule in TRANSITIONS.items():
        statuses = sorted(rule.allowed_from, key=lambda s: s.value)
        hidden = [s for s in statuses if s not in PUBLIC_STATUSES]
        shown = [s for s in statuses if s in PUBLIC_STATUSES]
        cases += [(event, s) for s in (hidden[:1] + shown[:1])]
    return cases


@pytest.mark.parametrize(("event", "status"), _cases(),
                         ids=[f"{e.value}-from-{s.value}" for e, s in _cases()])
def test_the_rule_for_every_event_type(pair: Pair, event: EventType, status: Status) -> None:
    """An event goes out in full exactly when its record is published; otherwise sealed."""
    by = pair.by.node
    data = _record(1, event, status)
    by.register.import_items([ImportItem("1", data)])
    record_id = next(iter(r.id for r in by.store.iter_records()))
    created_public = is_published(data)
    by.register.transition(record_id, event, "examiner:petrova@BY", _payload(event))
    state = by.store.get_records([record_id])[record_id].data
    page = decode_page(feed_page(by.store, "BY", pair.by.key(), 0, 10, pair.clock(),
                                 Reader("RU", "test")))
    rows = page["events"]
    assert [r[0] for r in rows] == [1, 2]
    full = [len(r) == 9 for r in rows]
    assert full == [is_published(state)] * 2, (created_public, state["status"])
    if not is_published(state):
        assert b"\xd0\x9a\xd1\x80\xd1\x8b" not in orjson.dumps(page)  # "Кры" of Крыніца
    else:
        assert page["events"][1][2] == event.value


def test_reveals_reach_a_mirror_that_saw_the_filing_sealed(pair: Pair) -> None:
    """Imported unpublished, then published: the mirror gets the filing revealed."""
    by = pair.by.node
    by.register.import_items([ImportItem("1", _record(1, EventType.PUBLISHED,
                                                      Status.EXAMINATION))])
    pair.ru.exchange.replicator.run_once(force=True)
    (record_id,) = [r.id for r in by.store.iter_records()]
    assert not pair.ru.node.store.get_records([record_id])
    by.register.transition(record_id, EventType.PUBLISHED, "examiner",
                           _payload(EventType.PUBLISHED))
    pair.clock.advance(60)
    pair.ru.exchange.replicator.run_once(force=True)
    assert pair.ru.node.store.get_records([record_id])[record_id].status == "published"
    assert pair.ru.node.register.verify().ok


def test_a_request_signed_by_a_retired_or_revoked_key_is_refused(pair: Pair) -> None:
    old = pair.ru.key()
    ring = KeyRing(pair.ru.node.settings.keys_dir)
    ring.rotate(pair.clock())
    from marknet.exchange.peers import add_peer

    add_peer(pair.by.node.store, "RU", "http://ru.test", ring.active().public_b64, "BY")
    by_keys = dict(pair.by.node.store.query(
        "SELECT fingerprint, status FROM peer_keys WHERE office = 'RU'"))
    assert by_keys[old.fingerprint] == "active"  # confirmed without an announcement
    revoke_peer_key(pair.by.node.store, "RU", old.fingerprint)
    headers = sign_request("GET", "http://testserver/exchange/v1/feed?after=0", old, "RU", "BY",
                           pair.clock())
    response = pair.by.client.get("/exchange/v1/feed?after=0", headers=headers)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    fresh = pair.by.signed_get("/exchange/v1/feed", as_side=pair.ru, after=0)
    assert fresh.status_code == 200


def test_a_signed_request_cannot_be_replayed_or_redirected(pair: Pair) -> None:
    url = "http://testserver/exchange/v1/feed?after=0"
    headers = sign_request("GET", url, pair.ru.key(), "RU", "BY", pair.clock())
    assert pair.by.client.get("/exchange/v1/feed?after=0", headers=headers).status_code == 200
    again = pair.by.client.get("/exchange/v1/feed?after=0", headers=headers)
    assert (again.status_code, "replay" in again.json()["detail"]) == (401, True)
    other = sign_request("GET", url, pair.ru.key(), "RU", "BY", pair.clock())
    moved = pair.by.client.get("/exchange/v1/feed?after=5", headers=other)
    assert moved.status_code == 401  # the query is covered by the signature
    stale = sign_request("GET", url, pair.ru.key(), "RU", "BY",
                         pair.clock() - dt.timedelta(hours=1))
    old = pair.by.client.get("/exchange/v1/feed?after=0", headers=stale)
    assert (old.status_code, "outside" in old.json()["detail"]) == (401, True)
    elsewhere = sign_request("GET", url, pair.ru.key(), "RU", "KZ", pair.clock())
    assert pair.by.client.get("/exchange/v1/feed?after=0", headers=elsewhere).status_code == 401


def test_status_is_for_the_operator_only(pair: Pair) -> None:
    assert pair.by.signed_get("/exchange/v1/status", as_side=pair.ru).status_code == 401
    assert pair.by.signed_get("/exchange/v1/status").status_code == 200


def test_a_huge_after_is_a_clean_422(pair: Pair) -> None:
    response = pair.by.signed_get("/exchange/v1/feed", as_side=pair.ru, after=2**63)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
