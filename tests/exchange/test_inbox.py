"""Receiving: verified messages take effect once and get a signed receipt; anything else is
refused with an RFC 9457 problem, recorded, and nothing of it applied."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from marknet.errors import InputError
from marknet.exchange.envelope import RECEIPT, Envelope, parse_envelope, sign, verify
from marknet.exchange.handlers import HandlerContext
from marknet.exchange.keys import SigningKey
from tests.exchange.helpers import inbox_ids, message, post, rejections
from tests.exchange.nodes import Pair


def test_accepted_message_is_answered_with_a_signed_receipt(any_pair: Pair) -> None:
    pair = any_pair
    env = message(pair.ru.key(), when=pair.clock())
    response = post(pair.by.client, env)
    assert response.status_code == 200
    receipt = parse_envelope(response.json())
    verify(receipt, pair.by.key().public_b64)
    assert (receipt.type, receipt.sender, receipt.recipient, receipt.in_reply_to) == (
        RECEIPT, "BY", "RU", env.id)
    assert orjson.loads(receipt.payload)["status"] == "received"
    assert inbox_ids(pair.by.node.store) == [env.id]


def test_redelivery_takes_effect_once_and_returns_the_same_receipt(any_pair: Pair) -> None:
    pair = any_pair
    calls: list[str] = []

    def count(ctx: HandlerContext) -> dict[str, Any]:
        calls.append(ctx.envelope.id)
        return {"counted": len(calls)}

    pair.by.exchange.handlers.register("MSG.029", count)
    env = message(pair.ru.key(), type="MSG.029", when=pair.clock())
    first = post(pair.by.client, env)
    pair.clock.advance(30)
    again = post(pair.by.client, sign(env, pair.ru.key(), sent=pair.clock()))  # a retry
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert calls == [env.id]
    assert inbox_ids(pair.by.node.store) == [env.id]


def _forged_key() -> SigningKey:
    return SigningKey("forged", Ed25519PrivateKey.generate())


def _tampered(pair: Pair) -> Any:
    env = message(pair.ru.key(), when=pair.clock())
    return dataclasses.replace(env, payload=env.payload.replace("2024712345", "2024799999"))


def _forged(pair: Pair) -> Any:
    # A key nobody registered, claiming RU's registered key's fingerprint.
    env = message(_forged_key(), when=pair.clock())
    forged = sign(dataclasses.replace(env, key=pair.ru.key().fingerprint), _forged_key())
    return dataclasses.replace(forged, key=pair.ru.key().fingerprint)


def _resigned_with(pair: Pair, key: SigningKey, **changes: Any) -> Envelope:
    env = dataclasses.replace(message(pair.ru.key(), when=pair.clock()), **changes)
    return sign(env, key, sent=pair.clock())


CASES: dict[str, tuple[Callable[[Pair], Any], int, str]] = {
    "tampered payload": (_tampered, 400, "payload_tampered"),
    "forged signature": (_forged, 401, "bad_signature"),
    "unknown key": (lambda p: message(_forged_key(), when=p.clock()), 403, "unknown_key"),
    "unknown sender": (lambda p: _resigned_with(p, p.ru.key(), sender="KZ"), 403,
                       "unknown_sender"),
    "wrong recipient": (lambda p: _resigned_with(p, p.ru.key(), recipient="KZ"), 421,
                        "wrong_recipient"),
    "sent an hour ago": (lambda p: message(p.ru.key(), when=p.clock() - _hour()), 400,
                         "stale_message"),
    "sent from the future": (lambda p: message(p.ru.key(), when=p.clock() + _hour()), 400,
                             "stale_message"),
    "unknown type": (lambda p: message(p.ru.key(), type="MSG.999", when=p.clock()), 422,
                     "unknown_message_type"),
    "not JSON": (lambda p: b'{"id": "', 400, "malformed_envelope"),
    "not an object": (lambda p: b"[1, 2]", 400, "malformed_envelope"),
    "fields missing": (lambda p: {"id": "x", "type": "MSG.058"}, 400, "malformed_envelope"),
    "wrong field types": (lambda p: {**message(p.ru.key(), when=p.clock()).to_dict(),
                                     "seq": "1"}, 400, "malformed_envelope"),
}


def _hour() -> Any:
    import datetime as dt

    return dt.timedelta(hours=1)


@pytest.mark.parametrize("case", list(CASES))
def test_refused_messages_are_problems_recorded_and_not_applied(pair: Pair, case: str) -> None:
    build, status, code = CASES[case]
    response = post(pair.by.client, build(pair))
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert (body["code"], body["status"], body["type"]) == (
        code, status, f"urn:marknet:problem:{code}")
    assert body["title"]
    assert body["detail"]
    assert inbox_ids(pair.by.node.store) == []
    assert rejections(pair.by.node.store) == [code]


def test_malformed_envelope_lists_every_problem(pair: Pair) -> None:
    env = message(pair.ru.key(), when=pair.clock()).to_dict()
    env.update(id="not-a-uuid", sender="Russia", seq=0, content_type="text/plain")
    body = post(pair.by.client, env).json()
    fields = body["details"]["fields"]
    assert {f.split(":")[0] for f in fields} == {"id", "sender", "seq", "content_type"}


def test_oversized_body_is_refused_before_parsing(pair: Pair) -> None:
    limit = pair.by.node.settings.max_body_bytes
    env = message(pair.ru.key(), payload={"blob": "x" * (limit + 10)}, when=pair.clock())
    response = post(pair.by.client, env)
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert inbox_ids(pair.by.node.store) == []
    assert rejections(pair.by.node.store) == ["body_too_large"]


def test_replays_are_refused(any_pair: Pair) -> None:
    pair = any_pair
    first = message(pair.ru.key(), seq=7, when=pair.clock())
    assert post(pair.by.client, first).status_code == 200
    same_seq = message(pair.ru.key(), seq=7, when=pair.clock())  # new id, used seq
    same_id = message(pair.ru.key(), seq=8, id=first.id, payload={"other": 1}, when=pair.clock())
    for replay in (same_seq, same_id):
        response = post(pair.by.client, replay)
        assert (response.status_code, response.json()["code"]) == (409, "replay")
    pair.clock.advance(3600)  # a captured copy replayed later is stale
    assert post(pair.by.client, first).json()["code"] == "stale_message"
    assert inbox_ids(pair.by.node.store) == [first.id]
    assert rejections(pair.by.node.store) == ["replay", "replay", "stale_message"]


def test_a_handler_refusal_is_kept_as_failed_with_the_reason_in_the_receipt(pair: Pair) -> None:
    def refuse(ctx: HandlerContext) -> dict[str, Any]:
        ctx.store.execute("INSERT INTO meta (key, value) VALUES ('half-done', 'x')")
        raise InputError("no such application 2024712345")

    pair.by.exchange.handlers.register("MSG.030", refuse)
    env = message(pair.ru.key(), type="MSG.030", when=pair.clock())
    response = post(pair.by.client, env)
    assert response.status_code == 200
    receipt = orjson.loads(parse_envelope(response.json()).payload)
    assert receipt["status"] == "failed"
    assert receipt["result"]["error"]["code"] == "bad_input"
    assert pair.by.node.store.get_meta("half-done") is None  # the handler's writes rolled back
    rows = pair.by.node.store.query("SELECT status FROM inbox WHERE id = ?", (env.id,))
    assert rows == [("failed",)]


def test_batch_answers_each_message_in_order(pair: Pair) -> None:
    good = message(pair.ru.key(), seq=1, when=pair.clock())
    bad = dataclasses.replace(message(pair.ru.key(), seq=2, when=pair.clock()),
                              signature=base64.b64encode(b"x" * 64).decode())
    body = orjson.dumps({"messages": [good.to_dict(), bad.to_dict()]})
    response = pair.by.client.post("/exchange/v1/messages/batch", content=body)
    results = response.json()["results"]
    assert "receipt" in results[0]
    assert results[1]["problem"]["code"] == "bad_signature"
    assert inbox_ids(pair.by.node.store) == [good.id]


def test_health_and_openapi(pair: Pair) -> None:
    health = pair.by.client.get("/healthz").json()
    assert (health["status"], health["office"]) == ("ok", "BY")
    spec = pair.by.client.get("/openapi.json").json()
    for path in ("/healthz", "/exchange/v1/messages", "/exchange/v1/messages/batch",
                 "/exchange/v1/feed", "/exchange/v1/identity", "/exchange/v1/status"):
        assert path in spec["paths"]
    identity = pair.by.signed_get("/exchange/v1/identity", as_side=pair.ru).json()
    assert identity["keys"][0]["public_key"] == pair.by.key().public_b64


def test_a_replay_inside_a_batch_does_not_sink_the_rest(pair: Pair) -> None:
    first = message(pair.ru.key(), seq=1, when=pair.clock())
    assert post(pair.by.client, first).status_code == 200
    replay = message(pair.ru.key(), seq=1, when=pair.clock())  # new id, used seq
    good = message(pair.ru.key(), seq=2, when=pair.clock())
    body = orjson.dumps({"messages": [good.to_dict(), replay.to_dict()]})
    results = pair.by.client.post("/exchange/v1/messages/batch", content=body).json()["results"]
    assert "receipt" in results[0]
    assert results[1]["problem"]["code"] == "replay"
    assert inbox_ids(pair.by.node.store) == [first.id, good.id]


def test_a_sequence_number_past_2_63_is_a_clean_400(pair: Pair) -> None:
    envelope = message(pair.ru.key(), seq=2**63, when=pair.clock())
    response = post(pair.by.client, envelope)
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_envelope"
    assert "seq: must be 1 to" in response.json()["detail"]


def test_a_flood_of_junk_is_counted_not_stored(pair: Pair) -> None:
    """Junk bodies from an unauthenticated client (issue #12 item 8; the rate limit stops a
    flood beyond 200): refused, counted in a handful of rows, none kept per message."""
    junk = [orjson.dumps({"sender": f"X{i % 97}", "junk": i}) for i in range(150)]
    for body in junk:
        assert post(pair.by.client, body).status_code == 400
    rows = pair.by.node.store.query("SELECT code, sender, count FROM exchange_rejections")
    assert len(rows) <= 2  # one reason, no registered sender, at most two minutes
    assert sum(int(r[2]) for r in rows) == 150
    assert {r[1] for r in rows} == {None}
