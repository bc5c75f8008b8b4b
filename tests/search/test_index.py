"""The index end to end: cross-script examples, modes, filters and the GI rule."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from marknet.match import prepare_sign
from marknet.search import Hit, SearchIndex, make_filters
from marknet.search.scoring import QuerySign, exactness
from tests.search.conftest import REAL_IDS, mark


def ids(index: SearchIndex, text: str, **kw: object) -> list[str]:
    return [hit.id for hit in index.search_text(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("query", "wanted"), [
    ("LUKOIL", "lukoil"), ("ЛУКОЙЛ", "lukoil"), ("LUK0IL", "lukoil"), ("Lukoyl", "lukoil"),
    ("Coca-Cola", "coca"), ("КОКА КОЛА", "coca"), ("Krynitsa", "krynica"),
    ("Криница", "krynica"), ("Savushkin", "savushkin"), ("Савушкін", "savushkin"),
    ("Майкрософт", "microsoft"), ("Нескафе", "nescafe"), ("Sun", "sun"), ("Сонца", "sun"),
])
def test_similar_finds_one_name_in_any_script(index: SearchIndex, query: str,
                                              wanted: str) -> None:
    assert REAL_IDS[wanted] in ids(index, query, limit=10)


def test_every_hit_is_explained_and_scored(index: SearchIndex) -> None:
    hits = index.search_text("LUKOIL", classes=[4])
    top = hits[0]
    assert top.id == REAL_IDS["lukoil"]
    assert top.text == "ЛУКОЙЛ"
    assert 0.8 < top.score <= 1.0
    assert top.nice_classes == (4, 35)
    assert top.status == "registered"
    assert {"sound", "sight", "containment", "goods"} <= set(top.why)
    assert "same class 4" in top.why["goods"].reason
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_meaning_across_languages_is_explained(index: SearchIndex) -> None:
    hit = next(h for h in index.search_text("Sun") if h.id == REAL_IDS["sun"])
    assert "СОЛНЦЕ" in hit.why["meaning"].reason


def test_a_gi_inside_a_trademark_for_the_same_goods_is_always_reported(
        index: SearchIndex) -> None:
    hits = index.search_text("ВОЛОГОДСКОЕ МАСЛО ПРЕМИУМ", classes=[29], limit=1)
    gi = next(h for h in hits if h.id == REAL_IDS["vologda_gi"])
    assert gi.kind == "gi"
    assert "protected GI" in gi.why["gi"].reason
    assert "same class 29" in gi.why["gi"].reason


def test_the_gi_rule_holds_even_when_the_gi_would_not_rank(index: SearchIndex) -> None:
    hits = index.search_text("vologodskoe maslo extra premium gold", mode="exact",
                             classes=[30])
    gi = [h for h in hits if h.id == REAL_IDS["vologda_gi"]]
    assert gi
    assert "related classes 29~30" in gi[0].why["gi"].reason


def test_the_gi_rule_skips_unrelated_goods(index: SearchIndex) -> None:
    hits = index.search_text("ВОЛОГОДСКОЕ МАСЛО ПРЕМИУМ", classes=[12], mode="exact")
    assert REAL_IDS["vologda_gi"] not in [h.id for h in hits]


@pytest.mark.parametrize(("mode", "query", "wanted", "unwanted"), [
    ("exact", "кока кола", "coca", "lukoil"),
    ("exact", "ЛУКОЙЛ", "lukoil", "coca"),
    ("prefix", "вологодское", "vologda_tm", "lukoil"),
    ("contains", "масло прем", "vologda_tm", "vologda_gi"),
    ("fuzzy", "ЛУКОИЛ", "lukoil", "coca"),
    ("fuzzy", "Micrsoft", "microsoft", "lukoil"),
    ("phonetic", "Макрасафт", "microsoft", "coca"),
    ("translit", "Lukoil", "lukoil", "coca"),
    ("translit", "Krynitsa", "krynica", "lukoil"),
])
def test_each_mode(index: SearchIndex, mode: str, query: str, wanted: str,
                   unwanted: str) -> None:
    hits = index.search_text(query, mode=mode, limit=20)
    found = [h.id for h in hits]
    assert REAL_IDS[wanted] in found
    assert REAL_IDS[unwanted] not in found
    hit = hits[found.index(REAL_IDS[wanted])]
    assert mode in hit.why
    assert 0 < hit.score <= 1


def test_exact_is_literal_but_ignores_case_and_punctuation(index: SearchIndex) -> None:
    assert ids(index, "LUKOIL", mode="exact") == []
    assert ids(index, "«лукойл»", mode="exact") == [REAL_IDS["lukoil"]]


TEXTS = {"krynica": "Крыніца", "lukoil": "ЛУКОЙЛ", "microsoft": "Microsoft", "coca": "Кока-Кола",
         "vologda_gi": "Вологодское масло", "vologda_tm": "Вологодское масло",
         "savushkin": "Савушкин"}


@pytest.mark.parametrize(("filters", "kept", "holds"), [
    ({"offices": ["BY"]}, "krynica", lambda h: h.office == "BY"),
    ({"statuses": ["pending"]}, "krynica",
     lambda h: h.status in ("filed", "examination", "published")),
    ({"statuses": ["in_force"]}, "lukoil", lambda h: h.status == "registered"),
    ({"statuses": ["expired"]}, "microsoft", lambda h: h.status == "expired"),
    ({"classes": [32]}, "coca", lambda h: 32 in h.nice_classes),
    ({"kind": "gi"}, "vologda_gi", lambda h: h.kind == "gi"),
    ({"kind": "trademark"}, "vologda_tm", lambda h: h.kind == "trademark"),
    ({"feature": "combined"}, "savushkin", lambda h: h.feature == "Combined"),
    ({"filed_from": "2020-01-01"}, "krynica", lambda h: h.filing_date >= "2020-01-01"),
    ({"filed_to": "2000-01-01"}, "coca", lambda h: h.filing_date <= "2000-01-01"),
    ({"vienna": ["26.04"]}, "savushkin", lambda h: h.feature in ("Combined", "Figurative")),
])
def test_each_filter(index: SearchIndex, filters: dict[str, object], kept: str,
                     holds: Callable[[Hit], bool]) -> None:
    hits = index.search_text(TEXTS[kept], limit=200, min_score=0.0,
                             **filters)  # type: ignore[arg-type]
    assert REAL_IDS[kept] in [h.id for h in hits]
    # The fixture's other GI (Тульский пряник) shares no sound with Вологодское масло.
    assert len(hits) > 1 or kept in ("savushkin", "krynica", "vologda_gi")
    assert all(holds(h) for h in hits)


def test_filters_apply_before_ranking(index: SearchIndex) -> None:
    # Among thousands of sample marks, the BY filter still yields the BY mark first.
    assert ids(index, "Криница", offices=["BY"], min_score=0.0)[0] == REAL_IDS["krynica"]


def test_a_name_nobody_holds_gives_an_empty_result(index: SearchIndex) -> None:
    assert ids(index, "Щщщъъъ Ёёё") == []


def test_the_public_filter_keeps_what_was_published() -> None:
    refused_after = {**mark(900003, "Крынічка", [32], status="refused"),
                     "publications": [{"date": "2022-04-01", "kind": "application"}]}
    index = SearchIndex.from_records([
        mark(900001, "Крыніца", [32], status="examination"),
        mark(900002, "Криница", [32], status="refused"),
        refused_after,
        mark(900004, "Krynitsa", [32], status="registered"),
    ])
    everyone = {h.text for h in index.search_text("Крыніца", limit=50, min_score=0.0)}
    public = {h.text for h in index.search_text("Крыніца", limit=50, min_score=0.0,
                                                public=True)}
    assert everyone == {"Крыніца", "Криница", "Крынічка", "Krynitsa"}
    assert public == {"Крынічка", "Krynitsa"}


def test_warming_does_the_first_searches_work_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    index = SearchIndex.from_records([mark(900011, "ЛУКОЙЛ", [4]), mark(900012, "LUKOIL", [4])])
    public = make_filters(public=True)
    index.warm([public])
    seg = index.segments[0]
    assert all(blob._items is not None
               for blob in (seg.names, seg.skel, seg.ltok, seg.row_latin, seg.row_phon))

    def no_new_masks(*_: object) -> None:
        raise AssertionError("the public mask was computed again")

    monkeypatch.setattr("marknet.search.filters.record_mask", no_new_masks)
    assert [h.text for h in index.search_text("лукойл", public=True)] == ["ЛУКОЙЛ", "LUKOIL"]


def test_ties_go_to_the_exact_name_then_the_earlier_filing() -> None:
    def mark(number: int, text: str, filed: str) -> dict[str, object]:
        return {"office": "RU", "application_number": f"{filed[:4]}{number}", "filing_date": filed,
                "verbal_elements": [{"text": text}]}

    index = SearchIndex.from_records([
        mark(700001, "Mir", "2001-05-05"),       # the same name in Latin letters
        mark(700002, "МИР", "2020-05-05"),
        mark(700003, "МИР", "2010-05-05"),
    ])
    hits = index.search_text("Мир", limit=3)
    assert hits[0].score == hits[1].score >= hits[2].score
    assert [h.id for h in hits] == ["RU502010000700003", "RU502020000700002",
                                    "RU502001000700001"]


def test_exactness_ranks_same_text_look_and_transliteration() -> None:
    index = SearchIndex.from_records(
        {"office": "RU", "application_number": f"2020{700010 + i}", "filing_date": "2020-01-01",
         "verbal_elements": [{"text": text}]} for i, text in enumerate(
            ["ЛУКОЙЛ", "LUKOIL", "ЛУКОЙЛ ПЛЮС", "LUKОIL"]))  # the last with a Cyrillic О
    seg = index.segments[0]
    names = np.arange(len(seg.names), dtype=np.int64)
    levels = dict(zip(seg.names.take(names),
                      exactness(QuerySign.of(prepare_sign("lukoil")), seg, names).tolist(),
                      strict=True))
    assert levels == {"lukoil": 0, "lukоil": 1, "лукойл": 2, "лукойл плюс": 3}
