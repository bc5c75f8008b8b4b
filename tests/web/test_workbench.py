"""The decision form an examiner can trust: nothing pre-selected, the office's citable grounds,
only the steps the current state allows with their consequences, post/redirect/get with a
confirmation, and refusals explained in the page's language."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from tests.api.seed import LUKOIL
from tests.web.conftest import api_token, file_for_examination, form_token, parse, sign_in


def test_nothing_is_decided_by_default(client: TestClient) -> None:
    case = file_for_examination(client, "LUKOYL", [4, 9])
    sign_in(client, "ivanova")
    page = client.get(f"/ru/workbench/{case}").text
    tree = parse(page)
    assert tree.xpath('//form[contains(@class, "decisions")]//input[@checked]') == []
    assert tree.xpath('//form[contains(@class, "decisions")]//textarea/text()') == []
    assert "LUKOIL" in tree.xpath('string(//fieldset[@id="goods-4"]//ul[@class="conflicts"])')
    grounds = tree.xpath('//fieldset[@id="goods-4"]//input[@name="ground-4"]/@value')
    assert grounds == ["ru_1483_1", "ru_1483_3", "ru_1483_6", "ru_1483_7", "ru_1483_8"]
    assert "ГК РФ, ст. 1483 п. 6" in page
    assert tree.xpath('//input[@name="cite-4"]/@value') == [LUKOIL]
    # Sending the untouched form decides nothing and says why, in Russian.
    untouched = client.post(f"/ru/workbench/{case}/decisions",
                            data={"csrf": form_token(page)})
    assert untouched.status_code == 400
    assert "хотя бы для одного класса" in untouched.text
    assert client.get(f"/api/v1/records/{case}").json()["record"]["status"] == "published"


def test_only_the_steps_the_state_allows_with_their_consequences(client: TestClient) -> None:
    case = file_for_examination(client, "Новый знак", [30])
    sign_in(client, "ivanova")
    tree = parse(client.get(f"/ru/workbench/{case}").text)
    steps = tree.xpath('//form[contains(@class, "steps")]//button/@value')
    assert steps == []  # in substantive examination the examiner decides; no step is open
    assert "не может выполнить процессуальных действий" in tree.text_content()
    filed = client.post("/api/v1/applications", json={
        "text": "Свежий", "goods_services": [{"nice_class": 29}],
        "parties": [{"name": "ООО «Боб»", "role": "applicant"}]},
        headers={"Authorization": f"Bearer {api_token(client, 'bob')}"}).json()["id"]
    tree = parse(client.get(f"/ru/workbench/{filed}").text)
    assert tree.xpath('//form[contains(@class, "steps")]//button/@value') == ["pass_formal"]
    consequence = tree.xpath('string(//form[contains(@class, "steps")]//li)')
    assert "переводит в стадию «ожидает публикации»" in consequence
    assert "завершается срок: формальная экспертиза" in consequence
    assert "cancel_non_use" not in tree.xpath('string(//form[contains(@class, "steps")])')


def test_a_decision_is_posted_redirected_and_confirmed(client: TestClient) -> None:
    case = file_for_examination(client, "LUKOYL", [4, 9])
    sign_in(client, "ivanova")
    token = form_token(client.get(f"/be/workbench/{case}").text)
    sent = client.post(f"/be/workbench/{case}/decisions", follow_redirects=False, data={
        "csrf": token, "decision-4": "refuse", "ground-4": "ru_1483_6", "cite-4": LUKOIL,
        "reasoning-4": "фанетычнае падабенства", "decision-9": "accept"})
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/be/workbench/{case}?done=decided"
    page = client.get(sent.headers["location"]).text
    confirmation = re.search(r'<p class="confirm"[^>]*>(.*?)</p>', page, re.S)
    assert confirmation, page
    assert "data-focus" in confirmation.group(0)
    assert 'tabindex="-1"' in confirmation.group(0)
    assert "Рашэнне запісана." in confirmation.group(1)
    assert "чакаецца адказ заяўніка" in confirmation.group(1)  # a notice went to the applicant
    decided = client.get(f"/api/v1/applications/{case}/decisions",
                         headers={"Authorization": f"Bearer {api_token(client, 'ivanova')}"})
    grounds = str(decided.json())
    assert "ГК РФ, арт. 1483 п. 6" in grounds
    assert "фанетычнае падабенства" in grounds
    # The form is gone now (awaiting the reply); resending the old form is refused in Belarusian.
    assert 'class="decisions"' not in page
    again = client.post(f"/be/workbench/{case}/decisions", data={
        "csrf": token, "decision-4": "refuse", "ground-4": "ru_1483_6"})
    assert again.status_code == 409 or again.status_code == 400, again.status_code
    assert "rule " not in again.text
    assert "не дапускаецца на цяперашняй стадыі" in again.text


def test_a_refusal_with_a_ground_of_another_office_is_refused(client: TestClient) -> None:
    case = file_for_examination(client, "LUKOYL", [4])
    sign_in(client, "ivanova")
    token = form_token(client.get(f"/en/workbench/{case}").text)
    answer = client.post(f"/en/workbench/{case}/decisions", data={
        "csrf": token, "decision-4": "refuse", "ground-4": "by_gi"})
    assert answer.status_code == 400
    assert "Choose a ground from the office" in answer.text
    bogus = client.post(f"/en/workbench/{case}/decisions", data={
        "csrf": token, "decision-4": "maybe"})
    assert bogus.status_code == 400
    assert "Choose accept or refuse" in bogus.text


def test_a_step_is_posted_redirected_and_confirmed(client: TestClient) -> None:
    sign_in(client, "ivanova")
    filed = client.post("/api/v1/applications", json={
        "text": "Свежий", "goods_services": [{"nice_class": 29}],
        "parties": [{"name": "ООО «Боб»", "role": "applicant"}]},
        headers={"Authorization": f"Bearer {api_token(client, 'bob')}"}).json()["id"]
    token = form_token(client.get(f"/ru/workbench/{filed}").text)
    sent = client.post(f"/ru/workbench/{filed}/actions", data={"csrf": token,
                                                              "action": "pass_formal"},
                       follow_redirects=False)
    assert sent.headers["location"] == f"/ru/workbench/{filed}?done=step&step=pass_formal"
    page = client.get(sent.headers["location"]).text
    assert "Действие выполнено: формальная экспертиза пройдена." in page
    again = client.post(f"/ru/workbench/{filed}/actions", data={"csrf": token,
                                                               "action": "pass_formal"})
    assert "не допускается на текущей стадии" in again.text


def test_a_gi_application_is_decided_on_the_grounds_of_a_gi(client: TestClient) -> None:
    filed = client.post("/api/v1/applications", json={
        "record_type": "gi", "kind": "ao", "names": [{"text": "Вологодский сыр"}],
        "product": "сыр", "area": "Вологодская область", "nice_class": 29,
        "conclusion": {"authority": "Департамент сельского хозяйства Вологодской области",
                       "number": "7", "date": dt.date.today().isoformat()},
        "parties": [{"name": "ООО «Боб»", "role": "applicant"}]},
        headers={"Authorization": f"Bearer {api_token(client, 'bob')}"})
    assert filed.status_code == 201, filed.text
    case = filed.json()["id"]
    examiner = {"Authorization": f"Bearer {api_token(client, 'ivanova')}"}
    for action in ("pass_formal", "publish"):  # decided on the merits, once published
        assert client.post(f"/api/v1/applications/{case}/actions/{action}",
                           headers=examiner).status_code == 200
    sign_in(client, "ivanova")
    page = client.get(f"/ru/workbench/{case}").text
    grounds = parse(page).xpath('//input[@name="ground-29"]/@value')
    assert grounds == ["gi_not_place", "gi_generic", "gi_misleading", "gi_earlier_mark",
                       "gi_no_conclusion"]
    assert "ст. 1483" not in page  # a trademark's grounds are not a GI's
    refused = client.post(f"/ru/workbench/{case}/decisions", data={
        "csrf": form_token(page), "decision-29": "refuse", "ground-29": "ru_1483_6"})
    assert refused.status_code == 400
    assert "Выберите основание из списка оснований ведомства." in refused.text
    done = client.post(f"/ru/workbench/{case}/decisions", data={
        "csrf": form_token(page), "decision-29": "refuse", "ground-29": "gi_generic"})
    assert done.status_code == 200
    assert "Решение записано." in done.text
    assert "отказ в регистрации" in done.text
