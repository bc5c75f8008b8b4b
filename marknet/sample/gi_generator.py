"""Deterministic generated GIs and AOs with producers' rights, for benchmarks (not real entries).

Names combine real Russian and Belarusian place names with products; each GI has a conclusion
and ``rights`` producers' certificates of the right to use, some expired, some terminated.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from marknet.model.dates import add_months

PLACES = ("Вологодск", "Тульск", "Калужск", "Рязанск", "Тамбовск", "Псковск", "Владимирск",
          "Костромск", "Ярославск", "Тверск", "Смоленск", "Брянск", "Курск", "Орловск",
          "Липецк", "Воронежск", "Белгородск", "Пензенск", "Саратовск", "Астраханск",
          "Кубанск", "Алтайск", "Байкальск", "Камчатск", "Башкирск", "Удмуртск",
          "Мордовск", "Чувашск", "Марийск", "Карельск", "Мінск", "Гродзенск", "Брэсцк",
          "Віцебск", "Магілёўск", "Гомельск", "Нарачанск", "Белавежск", "Полацк", "Пінск")
PRODUCTS = (("ий мёд", 30, "мёд"), ("ий пряник", 30, "пряники"), ("ое масло", 29, "масло"),
            ("ий сыр", 29, "сыр"), ("ая минеральная вода", 32, "минеральная вода"),
            ("ая пастила", 30, "пастила"), ("ий хлеб", 30, "хлеб"),
            ("ая керамика", 21, "керамика"), ("ий платок", 24, "платки"),
            ("ая водка", 33, "водка"), ("ий квас", 32, "квас"), ("ое варенье", 29, "варенье"),
            ("ий лён", 24, "льняные ткани"), ("ая икра", 29, "икра"), ("ий чай", 30, "чай"))
START = dt.date(2011, 1, 10)


def generate_gis(count: int, rights: int, seed: int = 5, office: str = "RU",
                 today: dt.date | None = None) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    today = today or dt.date.today()
    span = (today - START).days
    for i in range(count):
        place = PLACES[rng.randrange(len(PLACES))]
        ending, nice, product = PRODUCTS[rng.randrange(len(PRODUCTS))]
        filed = START + dt.timedelta(days=rng.randrange(max(span - 400, 1)))
        registered = filed + dt.timedelta(days=rng.randint(120, 380))
        number = f"{filed.year}9{i % 100_000:05d}"
        yield {
            "record_type": "gi", "office": office, "application_number": number,
            "filing_date": filed.isoformat(), "kind": "ao" if rng.random() < 0.6 else "gi",
            "status": "registered", "names": [{"text": f"{place}{ending}", "language": "ru"}],
            "product": product, "nice_class": nice, "area": f"{place}ая область",
            "properties": "свойства обусловлены природными условиями и традициями места",
            "registration_number": f"{i + 1}", "registration_date": registered.isoformat(),
            "conclusion": {"authority": "Министерство сельского хозяйства",
                           "number": f"{i + 1}-з", "date": filed.isoformat()},
            "certificates": [_right(rng, i, j, registered, today) for j in range(rights)],
        }


def _right(rng: random.Random, gi: int, j: int, registered: dt.date,
           today: dt.date) -> dict[str, Any]:
    filed = registered + dt.timedelta(days=rng.randrange(max((today - registered).days, 1)))
    status = "terminated" if rng.random() < 0.05 else "valid"
    return {"number": f"{gi + 1}/{j + 1}", "filing_date": filed.isoformat(),
            "registration_date": filed.isoformat(),
            "expiry_date": add_months(filed, 120).isoformat(), "status": status,
            "producer": {"name": f"ООО «Производитель {gi + 1}-{j + 1}»", "role": "producer",
                         "country": "RU", "identifiers": {"INN": f"77{gi:06d}{j:02d}"}}}
