"""A GI/AO page: kind, product, class, area drawn as inline SVG, properties, the conclusion and
each producer's right with its status as of today; the whole lifecycle through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import api_token, form_token, sign_in

TODAY = dt.datetime.now(dt.UTC).date()
CONCLUSION = {"authority": "Министерство сельского хозяйства Тульской области",
              "number": "45/2", "date": (TODAY - dt.timedelta(days=30)).isoformat(),
              "summary": "свойства обусловлены местом происхождения"}
TULA = {"type": "Polygon", "coordinates": [[[36.9, 53.8], [38.3, 53.8], [38.3, 54.5],
                                            [36.9, 54.5], [36.9, 53.8]]]}
APPLICATION = {"record_type": "gi", "kind": "gi",
               "names": [{"text": "Белёвская пастила", "language": "ru"}],
               "product": "пастила", "nice_class": 30, "area": "Белёвский район",
               "boundary": TULA, "properties": "яблочная, без сахара", "conclusion": CONCLUSION,
               "parties": [{"name": "ООО «Белёвские сладости»", "role": "applicant",
                            "country": "RU", "identifiers": {"INN": "7122000001"}}]}


def _post(client: TestClient, url: str, who: str, body: Any = None) -> Any:
    response = client.post(url, json=body, headers={
        "Authorization": f"Bearer {api_token(client, who)}"})
    assert response.status_code in (200, 201), response.text
    return response.json()


def _registered(client: TestClient) -> str:
    """Filed by alice, examined and registered by the RU examiner, all through the API."""
    gi_id = _post(client, "/api/v1/applications", "alice", APPLICATION)["id"]
    for action in ("pass_formal", "publish"):
        _post(client, f"/api/v1/applications/{gi_id}/actions/{action}", "ivanova")
    _post(client, f"/api/v1/applications/{gi_id}/decisions", "ivanova",
          {"items": [{"nice_class": 30, "decision": "accept"}]})
    return str(gi_id)


def test_gi_page_shows_area_conclusion_and_rights_as_of_today(client: TestClient) -> None:
    gi_id = _registered(client)
    producer = {"name": "ИП Пастилин", "country": "RU", "identifiers": {"OGRNIP": "3177100"},
                "location": {"lon": 36.2 + 1.0, "lat": 54.0}}
    _post(client, f"/api/v1/applications/{gi_id}/actions/request_certificate", "alice",
          {"producer": producer, "conclusion": CONCLUSION})
    steps = client.get(f"/api/v1/applications/{gi_id}/steps", headers={
        "Authorization": f"Bearer {api_token(client, 'ivanova')}"}).json()["steps"]
    issue = next(s for s in steps if s["action"] == "issue_certificate")
    [number] = issue["needs"][0]["choices"]
    _post(client, f"/api/v1/applications/{gi_id}/actions/issue_certificate", "ivanova",
          {"certificate": number})
    _post(client, f"/api/v1/applications/{gi_id}/actions/terminate_certificate", "ivanova",
          {"certificate": number, "grounds": "производство перенесено за пределы района"})

    page = client.get(f"/ru/records/{gi_id}").text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert '<path d="M' in page
    for shown in ("Белёвский район", "яблочная, без сахара", "№ 45/2",
                  "Министерство сельского хозяйства Тульской области", "INN 7122000001",
                  "OGRNIP 3177100", "ООО «Белёвские сладости»", "ИП Пастилин"):
        assert shown in page, shown
    english = client.get(f"/en/records/{gi_id}").text
    rights = english[english.index('id="certs-h"'):]
    assert "<td>valid</td>" in rights
    assert "<td>terminated</td>" in rights


def test_an_expired_right_is_not_shown_valid(client: TestClient) -> None:
    gis = client.get("/api/v1/gis", params={"office": "BY"}).json()["items"]
    minskaya = next(g for g in gis if "Мінская" in str(g))
    assert minskaya["certificates"][0]["expiry_date"] < TODAY.isoformat()
    page = client.get(f"/en/records/{minskaya['id']}").text
    rights = page[page.index('id="certs-h"'):]
    assert "<td>expired</td>" in rights
    assert "<td>valid</td>" not in rights


def test_the_workbench_issues_and_terminates_a_producers_right(client: TestClient) -> None:
    gi_id = _registered(client)
    producer = {"name": "ИП Пастилин", "country": "RU", "location": {"lon": 37.2, "lat": 54.0}}
    _post(client, f"/api/v1/applications/{gi_id}/actions/request_certificate", "alice",
          {"producer": producer, "conclusion": CONCLUSION})
    sign_in(client, "ivanova")
    page = client.get(f"/en/workbench/{gi_id}").text
    assert 'name="need-certificate"' in page
    number = page.split('id="need-issue_certificate-certificate"')[1].split('value="')[1][:10]
    done = client.post(f"/en/workbench/{gi_id}/actions", data={
        "csrf": form_token(page), "action": "issue_certificate", "need-certificate": number},
        follow_redirects=False)
    assert done.status_code == 303, done.text
    page = client.get(f"/en/workbench/{gi_id}").text
    empty = client.post(f"/en/workbench/{gi_id}/actions", data={
        "csrf": form_token(page), "action": "terminate_certificate",
        "need-certificate": number})
    assert empty.status_code == 400
    assert "grounds" in empty.text
    done = client.post(f"/en/workbench/{gi_id}/actions", data={
        "csrf": form_token(page), "action": "terminate_certificate",
        "need-certificate": number, "need-grounds": "producer liquidated"},
        follow_redirects=False)
    assert done.status_code == 303, done.text
    rights = client.get(f"/en/records/{gi_id}").text
    assert "<td>terminated</td>" in rights
