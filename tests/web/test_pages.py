"""The pages over HTTP: search with modes and filters, records, GIs, publications, languages,
escaping everywhere, CSRF on every form, labels on every field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.seed import CONFIDENTIAL, HOSTILE, LUKOIL
from tests.web.conftest import form_token, sign_in

I18N = Path(__file__).parents[2] / "marknet" / "web" / "i18n"


def test_search_in_cyrillic_finds_the_latin_mark_with_reasons(client: TestClient) -> None:
    page = client.get("/search", params={"q": "лукойл"})
    assert page.status_code == 200
    assert f'href="/ru/records/{LUKOIL}"' in page.text
    assert "LUKOIL" in page.text
    assert re.search(r"<strong>Звучание</strong> 1,00 — <span translate=\"no\">ЛУКОЙЛ</span> и "
                     r"<span translate=\"no\">LUKOIL</span> произносятся одинаково: "
                     r"<span translate=\"no\">\[лукойл\]</span>", page.text)
    for mode in ("similar", "exact", "prefix", "contains", "fuzzy", "phonetic", "translit"):
        assert f'name="mode" value="{mode}"' in page.text


def test_filters_narrow_results(client: TestClient) -> None:
    both = client.get("/search", params={"q": "Ромашка", "mode": "exact"}).text
    one = client.get("/search", params={"q": "Ромашка", "mode": "exact", "class": "30"}).text
    assert both.count('class="hit"') == 2
    assert one.count('class="hit"') == 1
    bad = client.get("/search", params={"q": "Ромашка", "class": "99"})
    assert bad.status_code == 400
    assert 'role="alert"' in bad.text


def test_script_in_mark_text_and_query_is_escaped(client: TestClient) -> None:
    for url in (f"/search?q={HOSTILE}&mode=contains", "/search?q=<img src=x onerror=alert(1)>",
                "/records/RU502015000700006", "/search?q=\"><script>alert(1)</script>"):
        page = client.get(url)
        assert "<script>alert" not in page.text, url
        assert "<img src=x" not in page.text, url
        assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in client.get(
        "/records/RU502015000700006").text


def test_record_page_with_history_and_404_for_confidential(client: TestClient) -> None:
    page = client.get(f"/records/{LUKOIL}")
    assert page.status_code == 200
    assert "LUKOIL" in page.text
    assert 'class="history"' in page.text
    assert client.get(f"/records/{CONFIDENTIAL}").status_code == 404
    sign_in(client, "ivanova")
    assert client.get(f"/records/{CONFIDENTIAL}").status_code == 200


def test_gi_register_and_bulletin(client: TestClient) -> None:
    gis = client.get("/gis", params={"office": "RU"}).text
    assert "Вологодское масло" in gis
    assert "ООО «Северное молоко»" in gis
    assert client.get("/publications", params={"office": "RU"}).status_code == 200
    assert client.get("/publications", params={"office": "BY", "date": "nonsense"}
                      ).status_code == 200


def test_language_switch(client: TestClient) -> None:
    assert '<html lang="ru">' in client.get("/search").text
    switched = client.get("/lang/be", params={"next": "/search?q=x"}, follow_redirects=False)
    assert switched.status_code == 303
    assert switched.headers["location"] == "/be/search?q=x"
    page = client.get("/search")  # the cookie remembers the choice for unprefixed addresses
    assert '<html lang="be">' in page.text
    assert "Пошук" in page.text
    client.get("/lang/en", params={"next": "https://evil.example/"}, follow_redirects=False)
    assert "Search marks and GIs" in client.get("/search").text
    away = client.get("/lang/en", params={"next": "//evil.example"}, follow_redirects=False)
    assert away.headers["location"] == "/en/search"
    again = client.get("/lang/ru", params={"next": "/en/records/X"}, follow_redirects=False)
    assert again.headers["location"] == "/ru/records/X"


def test_the_address_decides_the_language_not_the_cookie(client: TestClient) -> None:
    client.get("/lang/en", params={"next": "/search"})
    assert '<html lang="be">' in client.get("/be/search", params={"q": "лукойл"}).text
    assert '<html lang="ru">' in client.get("/search", params={"q": "x", "lang": "ru"}).text
    shared = client.get(f"/ru/records/{LUKOIL}").text
    assert "Дата подачи" in shared
    assert f'href="/ru/compare?a={LUKOIL}"' in shared  # links stay in the address's language
    assert '<html lang="en">' in client.get("/search").text
    assert '<link rel="alternate" hreflang="be" href="/be/search?q=x">' in client.get(
        "/ru/search", params={"q": "x"}).text


def test_catalogues_have_the_same_keys() -> None:
    keys = [set(json.loads((I18N / f"{lang}.json").read_text("utf-8"))) for lang in
            ("ru", "be", "en")]
    assert keys[0] == keys[1] == keys[2]


@pytest.mark.parametrize("path", ["/login", "/watches", "/logout", "/watches/x/delete",
                                  "/notifications/x/seen", f"/workbench/{LUKOIL}/decisions",
                                  f"/workbench/{LUKOIL}/actions"])
def test_forms_without_a_valid_csrf_token_are_refused(client: TestClient, path: str) -> None:
    sign_in(client, "ivanova")
    for data in ({}, {"csrf": "forged"}):
        response = client.post(path, data={**data, "username": "alice", "password": "x"},
                               follow_redirects=False)
        assert response.status_code == 403, (path, data, response.text)


def test_a_post_from_another_site_is_refused(client: TestClient) -> None:
    token = form_token(client.get("/login").text)
    response = client.post("/login", data={"username": "alice", "password": "x",
                                           "csrf": token},
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_every_field_has_a_label(client: TestClient) -> None:
    sign_in(client, "ivanova")
    for url in ("/search?q=lukoil", "/watches", "/workbench", "/gis", "/publications",
                "/login"):
        html = client.get(url).text
        for field in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            assert f'for="{field}"' in html, (url, field)
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
            assert "id=" in tag or 'type="hidden"' in tag or 'type="radio"' in tag, (url, tag)


def test_examiner_workbench_by_form(client: TestClient) -> None:
    assert client.get("/workbench", follow_redirects=False).status_code == 303
    sign_in(client, "alice")
    assert client.get("/workbench").status_code == 403
    client.cookies.clear()
    sign_in(client, "ivanova")
    queue = client.get("/workbench").text
    assert f"/workbench/{CONFIDENTIAL}" in queue or "Секретный" not in queue
