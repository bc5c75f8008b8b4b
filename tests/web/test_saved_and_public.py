"""Saved searches with a link, and public pages that show public facts only: who acted as an
office and a role, a certificate's status as of today, the GI/AO kind wherever a GI appears,
and a mirrored record's deadlines said to be the partner's own."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.seed import HOSTILE, LUKOIL
from tests.web.conftest import file_for_examination, form_token, parse, sign_in

MINSKAYA = "BY522015000000001"  # BY appellation; its one certificate ran until 2025-02-10


def test_a_search_is_saved_opened_from_its_link_and_deleted(client: TestClient) -> None:
    sign_in(client, "alice")
    page = client.get("/be/search", params={"q": "лукойл", "class": "4", "sort": "name"}).text
    form = parse(page).xpath('//form[@id="save"]')[0]
    query = form.xpath('string(.//input[@name="query"]/@value)')
    assert query == "q=%D0%BB%D1%83%D0%BA%D0%BE%D0%B9%D0%BB&class=4&sort=name"
    sent = client.post("/be/searches", follow_redirects=False, data={
        "csrf": form_token(page), "name": f"Лукойл {HOSTILE}",
        "query": query + "&next=https://evil.example&page=7"})
    assert sent.headers["location"] == "/be/searches?done=saved"
    listed = client.get(sent.headers["location"]).text
    assert "Пошук захаваны." in listed
    assert "<script>alert" not in listed
    link = parse(listed).xpath('string(//ul[@class="saved"]//a/@href)')
    assert link == "/be/search?q=%D0%BB%D1%83%D0%BA%D0%BE%D0%B9%D0%BB&class=4&sort=name"
    opened = client.get(link).text
    assert '<html lang="be">' in opened
    assert "Знойдзена: 1" in opened
    delete = parse(listed).xpath('string(//ul[@class="saved"]//form/@action)')
    client.post(delete, data={"csrf": form_token(listed)})
    assert "Захаваных пошукаў пакуль няма." in client.get("/be/searches").text


def test_saved_searches_need_a_person_and_a_query(client: TestClient) -> None:
    assert client.get("/ru/searches", follow_redirects=False).headers["location"] \
        == "/ru/login?next=/searches"
    sign_in(client, "bob")
    token = form_token(client.get("/ru/searches").text)
    empty = client.post("/ru/searches", data={"csrf": token, "query": "mode=exact"})
    assert empty.status_code == 400
    assert "Введите слово или наименование" in empty.text
    assert client.post("/ru/searches", data={"query": "q=x"}).status_code == 403


def test_someone_elses_saved_search_stays_theirs(client: TestClient) -> None:
    sign_in(client, "alice")
    page = client.get("/ru/searches").text
    client.post("/ru/searches", data={"csrf": form_token(page), "query": "q=Ромашка"})
    mine = parse(client.get("/ru/searches").text).xpath(
        'string(//ul[@class="saved"]//form/@action)')
    client.cookies.clear()
    sign_in(client, "bob")
    client.post(mine, data={"csrf": form_token(client.get("/ru/searches").text)})
    client.cookies.clear()
    sign_in(client, "alice")
    assert "Ромашка" in client.get("/ru/searches").text


def test_public_pages_name_the_office_and_role_never_an_account(client: TestClient) -> None:
    case = file_for_examination(client, "ЛУКОЙЛЬ", [4])
    page = client.get(f"/ru/records/{case}").text
    history = parse(page).xpath('string(//table[@class="history"])')
    assert "заявитель (через ведомство RU)" in history
    assert "эксперт ведомства RU" in history
    for internal in ("bob", "ivanova", "applicant:", "examiner:", "@RU", "seed"):
        assert internal not in history, internal
    imported = parse(client.get(f"/en/records/{LUKOIL}").text).xpath(
        'string(//table[@class="history"])')
    assert "the RU office: register entry" in imported


def test_a_certificate_past_its_term_is_not_valid(client: TestClient) -> None:
    page = parse(client.get(f"/ru/records/{MINSKAYA}").text)
    row = page.xpath('string(//table[.//th[contains(., "Номер свидетельства")]]//tbody/tr)')
    assert "001/1" in row
    assert "срок действия истёк" in row
    assert "действует" not in row
    gis = client.get("/en/gis", params={"office": "BY"}).text
    assert "001/1, expired" in gis


def test_a_gi_is_marked_as_such_everywhere(client: TestClient) -> None:
    search = parse(client.get("/ru/search", params={"q": "Вологодское масло премиум"}).text)
    badges = search.xpath('//li[@class="hit"][.//a[contains(., "Вологодское масло")]]'
                          '//span[contains(@class, "gi")]/text()')
    assert badges == ["ГУ / НМПТ"]
    record = parse(client.get(f"/ru/records/{MINSKAYA}").text)
    assert record.xpath('string(//dl//span[contains(@class, "gi")])') == "НМПТ"
    gis = parse(client.get("/be/gis").text)
    items = gis.xpath('//ul[@class="gis"]/li')
    assert items
    assert all(li.xpath('.//span[contains(@class, "gi")]') for li in items)


def test_a_mirrored_record_says_its_deadlines_are_the_partners(client: TestClient) -> None:
    page = client.get(f"/ru/records/{MINSKAYA}").text
    assert "Это запись реестра ведомства BY: сроки его делопроизводства ведомство не " \
           "передаёт" in page
    own = client.get(f"/ru/records/{LUKOIL}").text
    assert "Сроков нет." in own
