"""Clearance work on the search page: a true total, filters with counts, sorting, pages
without a wall, and the hit list exported as CSV and as a PDF report."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from marknet.node import open_node
from marknet.register import ImportItem
from tests.api.seed import build_app, mark
from tests.web.conftest import parse

# 45 marks «Ромашка N»: RU and BY, three decades of filings, three features, some with images.
CAMOMILES = [mark("RU" if i % 3 else "BY", f"20{10 + i % 15:02d}7{i:05d}",
                  f"20{10 + i % 15:02d}-0{1 + i % 9}-1{i % 10}", f"Ромашка {i}",
                  [3 if i % 2 else 30], status="registered" if i % 4 else "expired",
                  feature=("Word", "Combined", "Figurative")[i % 3],
                  images=[{"name": f"r{i}.png", "vienna_codes": ["05.05.01"]}] if i % 5 == 0
                  else []) for i in range(1, 46)] + [
    mark("RU", "2009799999", "2009-01-01", '=HYPERLINK("http://evil.example","Ромашка")', [3])]


@pytest.fixture(scope="module")
def client(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    node_dir = tmp_path_factory.mktemp("clearance") / "node"
    shutil.copytree(seeded_dir, node_dir)
    with open_node(node_dir) as node:
        items = [ImportItem(f"c:{i}", r) for i, r in enumerate(CAMOMILES)]
        report = node.register.import_items(items, actor="seed", allow_foreign=True)
        assert not report.rejected, report.rejected
    with TestClient(build_app(node_dir), base_url="http://testserver") as test_client:
        yield test_client


def hits(page: str) -> list[str]:
    return [str(a) for a in parse(page).xpath('//li[@class="hit"]//a[@class="mark"]/text()')]


def option(page: str, select: str, value: str) -> str:
    return str(parse(page).xpath(f'string(//select[@id="{select}"]/option[@value="{value}"]'
                                 f' | //select[@id="{select}"]//option[@value="{value}"])'))


def test_the_total_is_the_whole_hit_list_not_the_page(client: TestClient) -> None:
    first = client.get("/ru/search", params={"q": "Ромашка", "mode": "contains"}).text
    assert "Найдено: 48" in first  # 46 here and the two of the seed
    assert len(hits(first)) == 20
    third = client.get("/ru/search", params={"q": "Ромашка", "mode": "contains",
                                              "page": "3"}).text
    assert "Найдено: 48" in third
    assert len(hits(third)) == 8
    assert "страница 3 из 3" in third


@pytest.mark.parametrize("page", ["51", "4"])
def test_a_page_past_the_end_is_a_page_not_an_error(client: TestClient, page: str) -> None:
    answer = client.get("/en/search", params={"q": "Ромашка", "mode": "contains", "page": page})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "No such page: there are 3 pages." in answer.text
    assert "page=3" in answer.text


@pytest.mark.parametrize("page", ["0", "abc", "-1", "99999999999"])
def test_a_bad_page_number_is_explained(client: TestClient, page: str) -> None:
    answer = client.get("/be/search", params={"q": "Ромашка", "page": page})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert "Такой старонкі няма." in answer.text


def test_filters_show_counts_and_narrow(client: TestClient) -> None:
    params = {"q": "Ромашка", "mode": "contains"}
    page = client.get("/ru/search", params=params).text
    assert option(page, "office", "BY") == "BY (15)"
    assert option(page, "office", "RU") == "RU (33)"
    assert option(page, "feature", "Figurative").endswith("(15)")
    assert option(page, "status", "expired").endswith("(11)")
    assert option(page, "status", "in_force").endswith("(37)")
    narrowed = client.get("/ru/search", params={**params, "office": "BY"}).text
    assert "Найдено: 15" in narrowed
    assert option(narrowed, "feature", "Word").endswith("(15)")  # every BY one is
    assert option(narrowed, "feature", "Figurative").endswith("(0)")
    assert option(narrowed, "office", "RU") == "RU (33)"  # other offices still counted
    both = client.get("/ru/search", params={**params, "office": "BY", "status": "expired"})
    assert "Найдено: 3" in both.text


def test_dates_classes_and_vienna_go_to_the_index(client: TestClient) -> None:
    params = {"q": "Ромашка", "mode": "contains"}
    dated = client.get("/ru/search", params={**params, "filed_from": "2020-01-01",
                                             "filed_to": "2021-12-31"}).text
    years = {h.split()[1] for h in hits(dated)}
    assert years, dated
    numbers = [int(y) for y in years]
    assert all(CAMOMILES[n - 1]["filing_date"][:4] in ("2020", "2021") for n in numbers)
    every = parse(client.get("/ru/search", params=params).text)
    assert every.xpath('string(//p[@class="facet"][contains(., "Венской")])').endswith(
        "05.05 (9)")
    vienna = client.get("/ru/search", params={**params, "vienna": "05.05"}).text
    assert "Найдено: 9" in vienna
    assert "05.05.01" in parse(vienna).xpath('string(//li[@class="hit"]//dl)')
    classes = client.get("/ru/search", params={**params, "class": "30"}).text
    assert "Найдено: 23" in classes  # 22 here and Ромашка of the seed in class 30
    wrong = client.get("/ru/search", params={**params, "filed_from": "2022-01-01",
                                             "filed_to": "2020-01-01"})
    assert wrong.status_code == 400
    assert "начало не позже конца" in wrong.text


@pytest.mark.parametrize(("order", "column", "reverse"), [
    ("number", 2, False), ("name", 5, False), ("date_asc", 7, False), ("date_desc", 7, True)])
def test_sorting(client: TestClient, order: str, column: int, reverse: bool) -> None:
    answer = client.get("/en/search.csv", params={"q": "Ромашка", "mode": "contains",
                                                   "sort": order})
    rows = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff")), delimiter=";"))[1:]
    values = [r[column].casefold() for r in rows]
    assert values == sorted(values, reverse=reverse)
    page = client.get("/en/search", params={"q": "Ромашка", "mode": "contains",
                                             "sort": order}).text
    assert hits(page)[0] == rows[0][5].removeprefix("'")


def test_csv_export_is_the_whole_list_in_the_page_language(client: TestClient) -> None:
    answer = client.get("/ru/search.csv", params={"q": "Ромашка", "mode": "contains",
                                                   "office": "RU"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["№", "оценка сходства", "Номер (ST.13)", "Ведомство"]
    assert rows[0][10] == "Коды Венской классификации"
    assert sorted(r[10] for r in rows[1:])[-1] == "05.05.01"
    assert len(rows) == 1 + 33
    assert {r[3] for r in rows[1:]} == {"RU"}
    assert "содержит РОМАШКА" in rows[1][-1] or "Содержит" in rows[1][-1]
    assert client.get("/ru/search.csv").status_code == 400
    formula = [r for r in rows if "HYPERLINK" in r[5]]
    assert formula[0][5].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it


def test_pdf_report_has_the_query_the_date_and_the_reasons(client: TestClient) -> None:
    answer = client.get("/ru/search.pdf", params={"q": "лукойл"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Отчёт о проверке обозначения" in text
    assert "лукойл" in text
    assert "LUKOIL" in text
    assert "звучат одинаково" in text
    assert "Дата отчёта" in text
