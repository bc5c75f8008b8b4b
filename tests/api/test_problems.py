"""Every failure, whoever raises it, is one RFC 9457 shape; a 401 says how to authenticate."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from marknet.errors import InputError, problem_document

SHAPE = {"type", "title", "status", "detail", "code"}


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) >= SHAPE
    assert (body["status"], body["code"], body["type"]) == (
        status, code, f"urn:marknet:problem:{code}")
    return body


def test_a_401_carries_www_authenticate(client: TestClient) -> None:
    anonymous = client.post("/api/v1/applications", json={})
    _problem(anonymous, 401, "unauthenticated")
    assert anonymous.headers["www-authenticate"] == "Bearer"
    expired = client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert _problem(expired, 401, "unauthenticated")["detail"] == (
        "the token is unknown, expired or revoked")
    assert expired.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/v1/auth/token", json={"username": "alice", "password": "x" * 9})
    _problem(wrong, 401, "unauthenticated")
    assert wrong.headers["www-authenticate"] == "Bearer"


def test_every_layer_answers_in_the_same_shape(client: TestClient) -> None:
    missing = _problem(client.get("/api/v1/records/RU509999000000001"), 404, "not_found")
    assert missing["instance"] == "/api/v1/records/RU509999000000001"
    invalid = _problem(client.get("/api/v1/search", params={"q": "LUKOIL", "limit": 0}), 422,
                       "invalid_request")
    assert invalid["errors"][0]["field"] == "query.limit"
    bad_query = _problem(client.get("/api/v1/search", params={"q": "LUKOIL", "office": "R"}),
                         400, "bad_input")
    assert "ST.3 office code (RU, BY" in bad_query["detail"]
    envelope = client.post("/exchange/v1/messages", content=b"{not json",
                           headers={"content-type": "application/json"})
    _problem(envelope, 400, "malformed_envelope")
    assert "www-authenticate" not in envelope.headers
    unknown = _problem(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert unknown["title"] == "Not found"


def test_an_error_becomes_its_problem_document() -> None:
    error = InputError("q: empty", fields=[{"field": "q", "message": "empty"}])
    body = error.problem("/api/v1/search")
    assert body == {"type": "urn:marknet:problem:bad_input", "title": "Bad request",
                    "status": 400, "detail": "q: empty", "code": "bad_input",
                    "instance": "/api/v1/search",
                    "details": {"fields": [{"field": "q", "message": "empty"}]},
                    "errors": [{"field": "q", "message": "empty"}]}
    assert problem_document(429, "rate_limited", "slow down")["title"] == "Too many requests"
