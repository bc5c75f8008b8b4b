"""Filing, examination and decisions per goods item, with roles, offices and attribution."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.seed import LUKOIL, bearer

APPLICATION = {"text": "LUKOYL", "goods_services": [
    {"nice_class": 4, "terms": ["motor oil"]}, {"nice_class": 9, "terms": ["software"]}],
    "parties": [{"name": "Alice Ltd", "role": "applicant", "country": "RU"}]}


def file(client: TestClient, token: str, body: dict[str, Any] | None = None) -> str:
    response = client.post("/api/v1/applications", json=body or APPLICATION,
                           headers=bearer(token))
    assert response.status_code == 201, response.text
    assert response.headers["location"].endswith(response.json()["id"])
    return str(response.json()["id"])


def test_writes_need_a_signed_in_user_of_the_right_role(client: TestClient,
                                                        tokens: dict[str, str]) -> None:
    anonymous = client.post("/api/v1/applications", json=APPLICATION)
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "unauthenticated"
    bad = client.post("/api/v1/applications", json=APPLICATION,
                      headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401
    examiner = client.post("/api/v1/applications", json=APPLICATION,
                           headers=bearer(tokens["ivanova"]))
    assert examiner.status_code == 403
    assert examiner.json()["code"] == "forbidden"
    for path in (f"/api/v1/applications/{LUKOIL}/actions/publish",
                 f"/api/v1/applications/{LUKOIL}/decisions", "/api/v1/watches", "/api/v1/users"):
        assert client.post(path, json={}).status_code in (401, 422)
    assert client.post("/api/v1/users", json={"username": "x", "password": "y" * 9,
                                              "role": "admin"}).status_code == 401
    assert client.post("/api/v1/users", headers=bearer(tokens["alice"]), json={
        "username": "mallory", "password": "y" * 9, "role": "admin"}).status_code == 403


def test_applicants_see_their_own_filings_only(client: TestClient,
                                               tokens: dict[str, str]) -> None:
    filed = file(client, tokens["alice"])
    url = f"/api/v1/records/{filed}"
    assert client.get(url, headers=bearer(tokens["alice"])).status_code == 200
    assert client.get(url, headers=bearer(tokens["bob"])).status_code == 404
    assert client.get(url).status_code == 404
    queue = client.get("/api/v1/applications", headers=bearer(tokens["alice"])).json()["items"]
    assert [i["id"] for i in queue] == [filed]
    assert client.get("/api/v1/applications", headers=bearer(tokens["bob"])).json()["items"] == []


def test_examiner_examines_refuses_one_item_and_accepts_the_rest(
        client: TestClient, tokens: dict[str, str]) -> None:
    filed = file(client, tokens["alice"])
    examiner = bearer(tokens["ivanova"])
    queue = client.get("/api/v1/applications", headers=examiner).json()["items"]
    mine = next(i for i in queue if i["id"] == filed)
    assert mine["deadlines"][0]["name"] == "formal_examination"
    for action in ("pass_formal", "publish"):
        response = client.post(f"/api/v1/applications/{filed}/actions/{action}",
                               headers=examiner)
        assert response.status_code == 200, response.text
    report = client.get(f"/api/v1/applications/{filed}/conflicts", headers=examiner).json()
    by_class = {g["nice_class"]: g["conflicts"] for g in report["goods"]}
    assert by_class[4][0]["earlier_id"] == LUKOIL
    assert by_class[4][0]["why"]["sound"]
    decision = client.post(f"/api/v1/applications/{filed}/decisions", headers=examiner, json={
        "items": [{"nice_class": 4, "decision": "refuse", "grounds": "similar to LUKOIL",
                   "cited": [LUKOIL]}, {"nice_class": 9, "decision": "accept"}]})
    assert decision.status_code == 200, decision.text
    outcomes = {g: d["outcome"] for g, d in decision.json()["decisions"].items()}
    assert outcomes == {"4": "refuse", "9": "accept"}
    recorded = client.get(f"/api/v1/applications/{filed}/decisions", headers=examiner).json()
    assert recorded["decisions"]
    events = client.get(f"/api/v1/records/{filed}/history", headers=examiner).json()["events"]
    assert events[0]["actor"] == "applicant:alice"
    assert {e["actor"] for e in events[1:]} == {"examiner:ivanova@RU"}


def test_an_examiner_of_another_office_cannot_act(client: TestClient,
                                                  tokens: dict[str, str]) -> None:
    filed = file(client, tokens["alice"])
    other = bearer(tokens["petrov"])
    # Unpublished: not even its existence shows.
    assert client.post(f"/api/v1/applications/{filed}/actions/pass_formal",
                       headers=other).status_code == 404
    examiner = bearer(tokens["ivanova"])
    for action in ("pass_formal", "publish"):
        client.post(f"/api/v1/applications/{filed}/actions/{action}", headers=examiner)
    refused = client.post(f"/api/v1/applications/{filed}/decisions", headers=other, json={
        "items": [{"nice_class": 4, "decision": "accept"}]})
    assert refused.status_code == 403
    assert "BY" in refused.json()["detail"]
    assert client.get(f"/api/v1/applications/{filed}/conflicts",
                      headers=other).status_code == 403


def test_invalid_filings_list_every_field(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post("/api/v1/applications", headers=bearer(tokens["alice"]), json={
        "goods_services": [{"nice_class": 99}], "registration_number": "1"})
    assert response.status_code == 422
    assert len(response.json()["details"]["fields"]) >= 2


def test_deadlines_by_role(client: TestClient, tokens: dict[str, str]) -> None:
    filed = file(client, tokens["alice"])
    assert client.get("/api/v1/deadlines").status_code == 401
    own = client.get("/api/v1/deadlines", headers=bearer(tokens["ivanova"])).json()["items"]
    assert filed in {d["record_id"] for d in own}
    other = client.get("/api/v1/deadlines", headers=bearer(tokens["petrov"])).json()["items"]
    assert other == []
