"""A hand-written set of real Russian and Belarusian appellations of origin and GIs.

The names, products and places are public facts; application numbers, dates and producers'
certificates here are sample values for demonstration, not the official register entries.
"""

from __future__ import annotations

from typing import Any


def _gi(office: str, number: str, filed: str, names: list[tuple[str, str]], product: str,
        nice_class: int, area: str, kind: str = "ao",
        producers: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    year = filed[:4]
    record: dict[str, Any] = {
        "record_type": "gi", "office": office, "application_number": number, "filing_date": filed,
        "kind": kind, "status": "registered",
        "names": [{"text": text, "language": lang} for text, lang in names],
        "product": product, "nice_class": nice_class, "area": area,
        "registration_number": number[-3:], "registration_date": f"{year}-12-15",
        "conclusion": {"authority": "Ministry of Agriculture" if office == "RU"
                       else "Ministry of Agriculture and Food", "date": f"{year}-01-20"},
    }
    record["certificates"] = [
        {"number": f"{number[-3:]}/{i}", "filing_date": filed,
         "registration_date": f"{year}-12-15", "expiry_date": f"{int(year) + 10}-{filed[5:]}",
         "producer": {"name": name, "role": "producer", "country": office, "address": address}}
        for i, (name, address) in enumerate(producers or [], start=1)]
    return record


def sample_gis(office: str) -> list[dict[str, Any]]:
    """The sample GIs/AOs of one office (RU or BY)."""
    return [g for g in _ALL if g["office"] == office]


_ALL: list[dict[str, Any]] = [
    _gi("RU", "2018700101", "2018-03-12", [("Вологодское масло", "ru"), ("Vologda butter", "en")],
        "сливочное масло", 29, "Вологодская область",
        producers=[("АО «Учебно-опытный молочный завод» ВГМХА им. Н.В. Верещагина",
                    "Вологда"), ("ООО «Северное молоко»", "Вологда")]),
    _gi("RU", "2019700207", "2019-05-20", [("Тульский пряник", "ru"), ("Tula gingerbread", "en")],
        "пряники", 30, "Тульская область",
        producers=[("ООО «Старая Тула»", "Тула")]),
    _gi("RU", "2010700011", "2010-02-01", [("Гжель", "ru"), ("Gzhel", "en")],
        "изделия из фарфора и керамики с росписью", 21, "Раменский район Московской области"),
    _gi("RU", "2011700032", "2011-06-14", [("Хохлома", "ru"), ("Khokhloma", "en")],
        "деревянная посуда с росписью", 21, "Нижегородская область"),
    _gi("RU", "2012700045", "2012-09-03", [("Оренбургский пуховый платок", "ru")],
        "пуховые платки", 24, "Оренбургская область"),
    _gi("RU", "2009700002", "2009-04-07", [("Ессентуки", "ru"), ("Essentuki", "en")],
        "минеральная вода", 32, "Кавказские Минеральные Воды, Ставропольский край"),
    _gi("RU", "2009700003", "2009-04-07", [("Нарзан", "ru"), ("Narzan", "en")],
        "минеральная вода", 32, "Кисловодск, Ставропольский край"),
    _gi("RU", "2015700120", "2015-08-11", [("Палех", "ru"), ("Palekh", "en")],
        "лаковая миниатюра", 16, "Палехский район Ивановской области"),
    _gi("BY", "a20150001", "2015-02-10", [("Мінская", "be"), ("Минская", "ru"), ("Minskaya", "en")],
        "питьевая минеральная вода", 32, "г. Минск", kind="ao",
        producers=[("ОАО «Минский завод безалкогольных напитков»", "Минск")]),
    _gi("BY", "a20160002", "2016-04-18", [("Лідскі квас", "be"), ("Лидский квас", "ru")],
        "квас", 32, "г. Лида, Гродненская область", kind="gi",
        producers=[("ОАО «Лидское пиво»", "Лида")]),
    _gi("BY", "a20160003", "2016-04-18", [("Лідскае піва", "be"), ("Лидское пиво", "ru")],
        "пиво", 32, "г. Лида, Гродненская область", kind="gi",
        producers=[("ОАО «Лидское пиво»", "Лида")]),
]
