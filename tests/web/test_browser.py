"""End to end in a real Chromium (Debian's, driven by Playwright) against ``marknet serve``
started by the test. Skipped, with the reason, where no browser is installed."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.seed import LUKOIL, serve_process
from tests.web.chromium import chromium, file_application, playwright_or_skip, sign_in

pytestmark = pytest.mark.browser
sync_api = playwright_or_skip()


@pytest.fixture(scope="module")
def base(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    node = tmp_path_factory.mktemp("browser") / "node"
    shutil.copytree(seeded_dir, node)
    with serve_process(node, rate_per_s="0", watch_poll_s="0.2") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(sync_api) as launched:
        yield launched


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[Any]:
    context = browser.new_context(base_url=base, locale="ru-RU")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_cyrillic_search_finds_the_latin_mark_and_shows_why(page: Any) -> None:
    page.goto("/search")
    box = page.get_by_label("Обозначение для поиска, на любом алфавите")
    box.fill("лукойл")
    box.press("Enter")  # the keyboard is enough
    hit = page.locator("li.hit").first
    assert hit.locator("a.mark").inner_text() == "LUKOIL"
    assert "Звучание" in hit.locator("ul.why").inner_text()
    assert LUKOIL in hit.inner_text()


def test_class_filter_narrows_the_results(page: Any) -> None:
    page.goto("/search")
    page.get_by_label("Обозначение для поиска, на любом алфавите").fill("Ромашка")
    page.get_by_label("Точно").check()
    page.get_by_role("button", name="Найти").click()
    assert page.locator("li.hit").count() == 2
    page.get_by_label("Классы МКТУ").fill("30")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url("**class=30**")
    assert page.locator("li.hit").count() == 1


def test_examiner_refuses_one_goods_item_and_accepts_the_rest(page: Any, base: str) -> None:
    filed = file_application(base, "LUKOYL", [4, 9])
    sign_in(page, "ivanova")
    page.get_by_role("link", name="Рабочее место эксперта").click()
    page.get_by_role("link", name="LUKOYL").click()
    for step in ("формальная экспертиза пройдена", "опубликовать заявку"):
        page.get_by_role("button", name=step).click()
        assert page.evaluate("document.activeElement.id") == "confirmation"
    conflicts = page.locator("#goods-4 ul.conflicts")
    assert "LUKOIL" in conflicts.inner_text()
    assert "Звучание" in conflicts.inner_text()
    assert page.locator("#goods-9 ul.conflicts").count() == 0
    page.locator("#goods-4").get_by_label("отказать").check()
    page.locator("#goods-4").get_by_label(re.compile("ГК РФ, ст. 1483 п. 6")).check()
    page.locator("#goods-4").get_by_label(re.compile("LUKOIL")).check()
    page.locator("#goods-9").get_by_label("зарегистрировать").check()
    page.get_by_label("Мотивировка эксперта").first.fill("сходство до степени смешения")
    page.get_by_role("button", name="Вынести решения").click()
    page.wait_for_url(f"**/ru/workbench/{filed}?done=decided")
    assert page.evaluate("document.activeElement.id") == "confirmation"
    decided = page.locator("ul.decided").inner_text()
    assert "Класс 4: отказать" in decided
    assert "Класс 9: зарегистрировать" in decided


def test_a_watch_fires_on_a_new_similar_filing(page: Any, base: str) -> None:
    sign_in(page, "alice")
    page.get_by_role("link", name="Наблюдение").click()
    page.get_by_label("Обозначение для наблюдения").fill("LUKOIL")
    page.get_by_label("Классы МКТУ").fill("4")
    page.get_by_role("button", name="Начать наблюдение").click()
    assert "LUKOIL" in page.locator("#watches-h + ul").inner_text()
    filed = file_application(base, "ЛУКОИЛ", [4], examine=True)
    deadline = time.monotonic() + 15
    while page.locator("li.notification").count() == 0:
        assert time.monotonic() < deadline, "the watch did not fire"
        time.sleep(0.3)
        page.reload()
    note = page.locator("li.notification").first
    assert "ЛУКОИЛ" in note.inner_text()
    assert filed in note.locator("a").get_attribute("href")


def test_language_switch_and_a_phone_screen(browser: Any, base: str) -> None:
    context = browser.new_context(base_url=base, locale="ru-RU",
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/search?q=лукойл")
    assert page.locator("h1").inner_text() == "Поиск товарных знаков и ГУ"
    page.get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text() == "Search marks and GIs"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("li.hit").count() > 0  # the query survived the switch
    page.get_by_role("link", name="Беларуская").click()
    assert page.locator("h1").inner_text() == "Пошук таварных знакаў і ГУ"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px wider than a phone screen"
    context.close()
