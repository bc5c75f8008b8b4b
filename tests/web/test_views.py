"""Every page as people see it: in Chromium at a laptop's 1366×900 and a phone's 390×844, in
Russian, Belarusian and English; axe-core finds no violation, no page is wider than the
screen, and each view is saved as a screenshot (``MARKNET_SCREENSHOTS``, by default
``test-artefacts/screenshots`` in the repository). And the examiner's decision, taken with the
keyboard alone."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.seed import LUKOIL, serve_process
from tests.web.chromium import chromium, file_application, playwright_or_skip, sign_in

pytestmark = pytest.mark.browser
sync_api = playwright_or_skip()
AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("MARKNET_SCREENSHOTS",
                            Path(__file__).parents[2] / "test-artefacts" / "screenshots"))
SIZES = {"laptop": (1366, 900), "phone": (390, 844)}
LANGS = ("ru", "be", "en")
MINSKAYA = "BY522015000000001"  # a mirrored BY appellation whose one certificate expired
LOCALES = {"ru": "ru-RU", "be": "be-BY", "en": "en-GB"}  # the browser's own date fields


@pytest.fixture(scope="module")
def served(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[str, str]]:
    """The node serving, and an application waiting for the examiner's decision."""
    node = tmp_path_factory.mktemp("views") / "node"
    shutil.copytree(seeded_dir, node)
    with serve_process(node, rate_per_s="0", watch_poll_s="0.2") as url:
        yield url, file_application(url, "LUKOYL", [4, 9], examine=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(sync_api) as launched:
        yield launched


def views(case: str) -> dict[str, str]:
    return {"search": "/search?q=лукойл", "search-gi": "/search?q=Вологодское масло премиум",
            "search-none": "/search?q=Ромашка&mode=contains&page=9", "record": f"/records/{LUKOIL}",
            "gi-record": f"/records/{MINSKAYA}", "gis": "/gis", "publications": "/publications",
            "help": "/help",
            "compare": f"/compare?a={LUKOIL}&b=RU502012000700003", "login": "/login",
            "workbench": "/workbench", "case": f"/workbench/{case}", "watches": "/watches",
            "searches": "/searches", "search-signed-in": "/search?q=лукойл&sort=name"}


def check(page: Any) -> dict[str, Any]:
    """axe-core's violations and the horizontal overflow of the page as it is now."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document).then(r => r.violations.map(v => "
                          "({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return {"axe": found, "overflow": overflow}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_view_is_accessible_and_fits(browser: Any, served: tuple[str, str], lang: str,
                                           size: str) -> None:
    base, case = served
    width, height = SIZES[size]
    # Axe is injected as a script: the pages' own policy (script-src 'self') would refuse it.
    context = browser.new_context(base_url=base, viewport={"width": width, "height": height},
                                  locale=LOCALES[lang], bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    try:
        for name, path in views(case).items():
            if name == "workbench":
                sign_in(page, "ivanova")
            page.goto(f"/{lang}{path}")
            page.screenshot(path=SHOTS / f"{lang}-{size}-{name}.png", full_page=True)
            found = check(page)
            if found["axe"] or found["overflow"] > 0:
                problems[name] = found
    finally:
        context.close()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_axe_does_find_what_is_wrong(browser: Any, served: tuple[str, str]) -> None:
    """The zero above means something: a picture without a text alternative is caught."""
    context = browser.new_context(base_url=served[0], bypass_csp=True)
    page = context.new_page()
    page.goto("/en/help")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                  "'<img src=\"/static/none.png\">')")
    assert [v["id"] for v in check(page)["axe"]] == ["image-alt"]
    context.close()


def test_the_examiner_decides_with_the_keyboard_alone(browser: Any,
                                                      served: tuple[str, str]) -> None:
    base, _ = served
    case = file_application(base, "LUKOYL", [4, 9], examine=True)
    context = browser.new_context(base_url=base, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, "ivanova")
    page.goto(f"/ru/workbench/{case}")

    def tab_to(selector: str) -> None:
        for _ in range(300):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to('input[name="decision-4"]')  # a radio group is one tab stop; arrows choose in it
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "refuse"
    tab_to('input[name="ground-4"][value="ru_1483_6"]')
    page.keyboard.press("Space")
    tab_to('input[name="cite-4"]')
    page.keyboard.press("Space")
    tab_to('textarea[name="reasoning-4"]')
    page.keyboard.type("фонетическое сходство")
    tab_to('input[name="decision-9"]')
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.value") == "accept"
    tab_to('form.decisions button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/ru/workbench/{case}?done=decided")
    assert page.evaluate("document.activeElement.id") == "confirmation"
    assert "Решение записано." in page.locator("#confirmation").inner_text()
    decided = page.locator("ul.decided").inner_text()
    assert "Класс 4: отказать" in decided
    assert "ГК РФ, ст. 1483 п. 6" in decided
    assert "Класс 9: зарегистрировать" in decided
    page.screenshot(path=SHOTS / "ru-phone-decided.png", full_page=True)
    context.close()
