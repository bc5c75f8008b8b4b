"""Every page in Russian, Belarusian and English: nothing a person reads is a catalogue key or
English on the ru/be pages, dates are written as each language writes them, and the status
filter lists each status once.

Text marked as the marks' own words (``translate="no"``) is left out: a mark is not translated.
On ru/be pages any Latin word with a lowercase letter is refused (marks' words aside, the pages
have no business with one); upper-case codes (ST.13, LUKOIL in a reason, JSON) are allowed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marknet.model import MarkFeature
from marknet.procedure.tables import TABLES
from marknet.web.present import reason
from tests.api.seed import LUKOIL, build_app
from tests.web.conftest import file_for_examination, form_token, parse, sign_in

LANGS = ("ru", "be", "en")
I18N = Path(__file__).parents[2] / "marknet" / "web" / "i18n"
MATCH_DATA = Path(__file__).parents[2] / "marknet" / "match" / "data"
KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # status_registered, crit_gi, substantive_examination
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# English joining words that must never ride inside a reason's kept (untranslated) mark words.
GLUE = {"the", "of", "in", "and", "as", "read", "name", "names", "goods", "not", "given",
        "protected", "class", "classes", "terms", "compared", "same", "words", "contains"}
ALLOWED_LATIN = {"marknet", "https"}
UNTRANSLATED = {"ru": "причина не переведена", "be": "прычына не перакладзена"}


def visible_text(page: str) -> str:
    """What a reader reads or hears: text, labels in attributes and the title, without the
    marks' own words and other text marked as not to be translated."""
    tree = parse(page)
    lang = tree.get("lang", "")
    for node in tree.xpath(f'//*[@translate="no"] | //*[@lang and @lang != "{lang}"] '
                           '| //script | //style'):
        node.drop_tree()
    parts = [tree.text_content()]
    for attribute in ("placeholder", "aria-label", "title", "alt", "label"):
        parts += tree.xpath(f"//@{attribute}")
    return " ".join(str(p) for p in parts)


def untranslated(page: str, lang: str) -> list[str]:
    text = visible_text(page)
    found = KEY.findall(text)
    kept = " ".join(parse(page).xpath('//*[contains(@class, "why")]//*[@translate="no"]//text()'))
    found += [w for w in LATIN_WORD.findall(kept) if w.lower() in GLUE]
    if lang != "en":
        found += [w for w in LATIN_WORD.findall(text)
                  if w.lower() not in ALLOWED_LATIN and not w.isupper()]
        if UNTRANSLATED[lang] in text:
            found.append(UNTRANSLATED[lang])
    return found


@pytest.fixture(scope="module")
def pages(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        dict[str, str]]:
    """Every page kind once, each in all three languages (addresses without the prefix)."""
    import shutil

    node = tmp_path_factory.mktemp("langs") / "node"
    shutil.copytree(seeded_dir, node)
    with TestClient(build_app(node), base_url="http://testserver") as client:
        case = file_for_examination(client, "ЛУКОЙЛЬ", [4, 9],
                                    {4: ["motor oil"], 9: ["computer software"]})
        gi = client.get("/api/v1/search", params={"q": "Минская", "kind": "gi"}).json()
        minsk = gi["hits"][0]["id"]
        public = ["/search", "/search?q=лукойл", "/search?q=Ромашка&mode=exact",
                  "/search?q=Вологодское масло премиум&class=29",
                  "/search?q=Кока&mode=prefix", "/search?q=лукоил&mode=fuzzy",
                  "/search?q=LUKOIL&mode=translit", "/search?q=x&class=99",
                  f"/records/{LUKOIL}", f"/records/{minsk}", "/records/NOPE", "/gis",
                  "/gis?office=BY", "/publications", "/login", "/help",
                  f"/compare?a={LUKOIL}&b=RU502012000700003", f"/compare?a={LUKOIL}&b={minsk}",
                  "/compare?a=NOPE", "/search?q=Ромашка&mode=contains&page=9",
                  "/search?q=Ромашка&page=x", "/search?q=к&mode=contains&office=RU&sort=name",
                  "/search?q=Ромашка&filed_from=2020-01-01&filed_to=2010-01-01"]
        examiner = ["/workbench", f"/workbench/{case}", "/watches", "/searches",
                    "/search?q=лукойл"]
        out: dict[str, str] = {}
        for lang in LANGS:
            for path in public:
                out[f"/{lang}{path}"] = client.get(f"/{lang}{path}").text
        sign_in(client, "ivanova")
        for lang in LANGS:
            for path in examiner:
                out[f"/{lang}{path}"] = client.get(f"/{lang}{path}").text
            refused = client.post(f"/{lang}/workbench/{case}/decisions", data={
                "csrf": form_token(out[f"/{lang}/workbench/{case}"]), "decision-4": "refuse"})
            out[f"/{lang} refused without grounds"] = refused.text
        yield out


def test_no_page_shows_a_key_or_english_on_ru_and_be(pages: dict[str, str]) -> None:
    problems = {url: found for url, page in pages.items()
                if (found := untranslated(page, url[1:3]))}
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_each_page_is_in_its_address_language(pages: dict[str, str]) -> None:
    for url, page in pages.items():
        assert f'<html lang="{url[1:3]}">' in page, url


def test_dates_are_written_as_each_language_writes_them(pages: dict[str, str]) -> None:
    def text(lang: str) -> str:
        return pages[f"/{lang}/records/{LUKOIL}"].replace("\u202f", " ")  # Babel: narrow no-break

    assert "1 марта 2010 г." in text("ru")
    assert "1 сакавіка 2010 г." in text("be")
    assert "March 1, 2010" in text("en")


def test_the_status_filter_lists_each_status_once(pages: dict[str, str]) -> None:
    for lang in LANGS:
        tree = parse(pages[f"/{lang}/search"])
        labels = [o.text_content().strip() for o in tree.xpath('//select[@id="status"]//option')]
        assert len(labels) == len(set(labels)), (lang, labels)


def test_a_refusal_without_grounds_is_explained_in_the_page_language(
        pages: dict[str, str]) -> None:
    assert "Отказ должен содержать основания" in pages["/ru refused without grounds"]
    assert "Адмова павінна змяшчаць падставы" in pages["/be refused without grounds"]


def test_the_catalogues_cover_every_domain_value() -> None:
    """States, steps' events and deadlines, features and related-class reasons: each has its
    text in every language, so a new one cannot reach a page untranslated."""
    wanted = {f"feature_{f.value}" for f in MarkFeature}
    for table in TABLES.values():
        for step in table.steps.values():
            wanted |= {f"state_{s}" for s in step.sources if s != "new"}
            if step.target:
                wanted.add(f"state_{step.target}")
            if step.event:
                wanted.add(f"event_{step.event.value}")
        wanted |= {f"deadline_{name}" for name in table.deadlines}
        wanted.add(f"workflow_{table.workflow.value}")
    for line in (MATCH_DATA / "related_classes.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            wanted.add("rel_" + line.split("\t")[3])
    for lang in LANGS:
        have = set(json.loads((I18N / f"{lang}.json").read_text("utf-8")))
        assert not wanted - have, (lang, sorted(wanted - have))


@pytest.mark.parametrize("english", [
    "sounds alike: LUKOIL ~ ЛУКОЙЛ (ЛУКОЙЛ read as LUKOJL; same phonetic key LAKAL)",
    "looks different: LUKOIL ~ ЛУКОЙЛ (different alphabets: Latin / Cyrillic)",
    "looks alike: LUKOIL ~ ЛУКОЙЛ (different alphabets: Latin / Cyrillic; compared in one "
    "alphabet through transliteration)",
    "same words: LUKOIL = ЛУКОЙЛ", "related classes 29~30: foodstuffs",
    "same class 4; terms alike: motor oil ~ motor oils", "same meaning: СОЛНЦЕ (ru) = SUN (en)",
    "related classes 29~30: foodstuffs; terms related: butter ~ bread",
    "terms different: tea / coffee", "same words in other forms: ТВЕРСКАЯ = ТВЕРСКИЕ",
    "same words: LUKOIL = ЛУКОЙЛ (LUKOIL read as ЛУКОЙЛ)",
    "looks similar: ЛУKOЙЛ ~ LUKOIL (mixed alphabets in ЛУKOЙЛ and LUKOIL)",
    "contains the protected GI name ВОЛОГОДСКОЕ МАСЛО (goods not compared: no classes given)",
    "contains the protected GI name ВОЛОГОДСКОЕ МАСЛО (related classes 29~30: foodstuffs)",
    "contains the protected GI name ВОЛОГОДСКОЕ МАСЛО (same class 29)",
    "unrelated classes [3] / [30]", "spelled alike: лукоил ~ LUKOIL"])
def test_reasons_are_rebuilt_in_each_language(english: str) -> None:
    from marknet.web.i18n import translator

    for lang in ("ru", "be"):
        text = reason(english, translator(lang))
        assert untranslated(f'<ul class="why"><li>{text}</li></ul>', lang) == [], (lang, text)
        kept = parse(f"<p>{text}</p>").xpath('//*[@translate="no"]/text()')
        assert not [k for k in kept if " read as " in k or " and " in k], (lang, text)
    assert reason('same words: <b>x</b> = y', translator("ru")).count("&lt;b&gt;") == 1


@pytest.mark.parametrize(("method", "path", "status", "said"), [
    ("get", "/be/no-such-page", 404, "Не знойдзена"),
    ("get", "/ru/gis?page=0", 400, "Такой страницы нет."),
    ("get", "/ru/gis?office=" + "X" * 400, 400, "двухбуквенный код ST.3"),
    ("get", f"/en/records/{LUKOIL}x", 404, "Not found"),
    ("post", "/ru/login", 403, "Форма устарела или отправлена не с этого сайта"),
    ("post", "/be/watches", 403, "Форма састарэла")])
def test_errors_on_pages_are_pages_in_their_language(client: TestClient, method: str,
                                                     path: str, status: int, said: str) -> None:
    answer = client.request(method, path, data={"username": "x"})
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert said in answer.text
    assert untranslated(answer.text, path[1:3]) == []


def test_the_api_keeps_its_problems(client: TestClient) -> None:
    answer = client.get("/api/v1/records", params={"limit": "0"})
    assert answer.headers["content-type"] == "application/problem+json"
    assert client.get("/api/v1/nope").headers["content-type"] == "application/problem+json"


def test_scores_are_written_as_each_language_writes_numbers(pages: dict[str, str]) -> None:
    assert "<strong>Звучание</strong> 1,00 —" in pages["/ru/search?q=лукойл"]
    assert "<strong>Гучанне</strong> 1,00 —" in pages["/be/search?q=лукойл"]
    assert "<strong>Sound</strong> 1.00 —" in pages["/en/search?q=лукойл"]
