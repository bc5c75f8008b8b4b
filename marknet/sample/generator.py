"""Deterministic, realistic sample marks for RU and BY registers (``marknet gen``).

Verbal elements come from real word lists (Russian, Belarusian, English, German), combined the
way marks are: one word, two words, a word with a descriptor, coined words from syllables, and
Latin words in Cyrillic registers. Nice classes, statuses and dates follow a plausible spread.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from marknet.model.dates import add_months, add_years
from marknet.sample.words import BELARUSIAN, english_words, german_words, russian_words

# Relative frequency of Nice classes in trademark filings (services 35/42/41 and
# electronics 9 lead; food, drink, clothing and cosmetics follow).
CLASS_WEIGHTS: dict[int, int] = {
    35: 100, 9: 70, 42: 55, 41: 50, 25: 40, 30: 38, 5: 36, 3: 35, 29: 30, 16: 25, 43: 24,
    32: 20, 33: 18, 44: 18, 36: 17, 39: 15, 21: 14, 28: 14, 11: 13, 7: 12, 20: 12, 18: 12,
    37: 12, 31: 11, 1: 10, 6: 10, 12: 10, 14: 9, 19: 9, 38: 9, 40: 8, 45: 8, 10: 7, 24: 7, 34: 6,
    4: 6, 2: 5, 8: 5, 17: 5, 27: 4, 22: 3, 26: 4, 13: 2, 15: 2, 23: 2,
}
STATUS_WEIGHTS = {"registered": 55, "expired": 14, "filed": 6, "examination": 8, "published": 6,
                  "refused": 5, "withdrawn": 3, "surrendered": 1, "invalidated": 1, "cancelled": 1}
FEATURE_WEIGHTS = {"Word": 62, "Combined": 30, "Stylized characters": 4, "Figurative": 4}
LEGAL_FORMS = {"RU": ("ООО", "АО", "ПАО", "ИП"), "BY": ("ОАО", "ЗАО", "ООО", "СООО", "ЧУП")}
FOREIGN = (("DE", "GmbH"), ("US", "Inc."), ("GB", "Ltd"), ("FR", "SAS"), ("CN", "Co., Ltd."),
           ("KZ", "ТОО"), ("IT", "S.p.A."), ("TR", "A.S."))
DESCRIPTORS = {"ru": ("плюс", "групп", "маркет", "трейд", "сервис", "лайф", "про", "эко"),
               "en": ("group", "pro", "plus", "lab", "tech", "market", "line", "home"),
               "be": ("плюс", "груп", "маркет", "сэрвіс", "эка")}
SYLLABLES = ("ка", "ро", "ла", "ми", "то", "ва", "не", "са", "ри", "до", "лю", "бе", "зо", "кс")
LATIN_SYLLABLES = ("ka", "ro", "la", "mi", "to", "va", "ne", "sa", "ri", "do", "lu", "be", "zo",
                   "ex", "on", "ix", "or")
VIENNA_SAMPLE = ("01.01.01", "01.15.15", "02.01.01", "03.01.08", "05.03.13", "26.01.01",
                 "26.04.02", "27.05.01", "29.01.12", "24.17.02")


class SampleGenerator:
    def __init__(self, seed: int, office: str, today: dt.date) -> None:
        self.rng = random.Random(f"{seed}-{office}")
        self.office = office
        self.today = today
        self.serials: dict[int, int] = {}
        self.registration_number = 100_000 if office == "RU" else 10_000
        self._classes = list(CLASS_WEIGHTS)
        self._class_weights = list(CLASS_WEIGHTS.values())
        self._pools = {"ru": russian_words()[:15_000], "en": english_words()[:15_000],
                       "be": BELARUSIAN, "de": german_words()}
        self._company_words = russian_words()[:5000]
        self._street_words = russian_words()[:3000]
        self._foreign_words = english_words()[:5000]

    def record(self) -> dict[str, Any]:
        rng = self.rng
        filed = self.today - dt.timedelta(days=rng.randint(30, 30 * 365))
        language, text = self.sign()
        status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
        feature = rng.choices(list(FEATURE_WEIGHTS), list(FEATURE_WEIGHTS.values()))[0]
        record: dict[str, Any] = {
            "office": self.office,
            "application_number": self.application_number(filed.year),
            "filing_date": filed.isoformat(),
            "feature": feature,
            "kind": "collective" if rng.random() < 0.01 else "individual",
            "verbal_elements": [{"text": text, "language": language}],
            "goods_services": [{"nice_class": c} for c in self.classes()],
            "parties": [self.applicant()],
        }
        if feature in ("Combined", "Figurative"):
            codes = rng.sample(VIENNA_SAMPLE, rng.randint(1, 3))
            record["images"] = [{"name": "image-1.png", "vienna_codes": sorted(codes)}]
        self.set_status(record, status, filed)
        return record

    def application_number(self, year: int) -> str:
        serial = self.serials.get(year, 700_000 if self.office == "RU" else 1_000) + 1
        self.serials[year] = serial
        return f"{year}{serial}" if self.office == "RU" else f"a{year}{serial:05d}"

    def classes(self) -> list[int]:
        count = self.rng.choices((1, 2, 3, 4, 6), (45, 25, 15, 10, 5))[0]
        picked = set(self.rng.choices(self._classes, self._class_weights, k=count))
        return sorted(picked)

    def sign(self) -> tuple[str, str]:
        rng = self.rng
        pools = (("ru", 45), ("en", 30), ("be", 15 if self.office == "BY" else 2), ("coined", 15),
                 ("de", 4))
        language = rng.choices([p[0] for p in pools], [p[1] for p in pools])[0]
        if language == "coined":
            latin = rng.random() < 0.5
            parts = LATIN_SYLLABLES if latin else SYLLABLES
            word = "".join(rng.choices(parts, k=rng.randint(2, 4)))
            return ("en" if latin else "ru"), word.upper() if rng.random() < 0.5 else word.title()
        pool = self._pools[language]
        words = [rng.choice(pool)]
        shape = rng.random()
        if shape < 0.2:
            words.append(rng.choice(pool))
        elif shape < 0.3:
            words.append(rng.choice(DESCRIPTORS.get(language, DESCRIPTORS["en"])))
        text = " ".join(words)
        return language, text.upper() if rng.random() < 0.4 else text.title()

    def applicant(self) -> dict[str, Any]:
        rng = self.rng
        name_word = rng.choice(self._company_words).title()
        if rng.random() < 0.8:
            form = rng.choice(LEGAL_FORMS.get(self.office, ("LLC",)))
            return {"name": f"{form} «{name_word}»", "role": "applicant", "country": self.office,
                    "address": self.address()}
        country, form = rng.choice(FOREIGN)
        return {"name": f"{rng.choice(self._foreign_words).title()} {form}",
                "role": "applicant", "country": country}

    def address(self) -> str:
        cities = {"RU": ("Москва", "Санкт-Петербург", "Казань", "Екатеринбург", "Новосибирск"),
                  "BY": ("Минск", "Гродно", "Брест", "Гомель", "Витебск", "Могилёв")}
        city = self.rng.choice(cities.get(self.office, ("Москва",)))
        street = self.rng.choice(self._street_words).title()
        return f"{city}, ул. {street}, {self.rng.randint(1, 120)}"

    def set_status(self, record: dict[str, Any], status: str, filed: dt.date) -> None:
        rng = self.rng
        age_months = (self.today - filed).days // 30
        if status in ("filed", "examination", "published") and age_months > 24:
            status = "registered"
        if status in ("registered", "expired", "surrendered", "invalidated", "cancelled"):
            if age_months < 10:
                status = "examination"
            else:
                registered = add_months(filed, rng.randint(8, 16))
                expiry = add_years(filed, 10)
                while status == "registered" and expiry < self.today:
                    expiry = add_years(expiry, 10)  # renewed
                if status == "expired" and expiry >= self.today:
                    status = "registered"
                self.registration_number += rng.randint(1, 3)
                record["registration_number"] = str(self.registration_number)
                record["registration_date"] = min(registered, self.today).isoformat()
                record["expiry_date"] = expiry.isoformat()
        record["status"] = status


def generate_records(n: int, seed: int = 1, office: str = "RU",
                     today: dt.date | None = None) -> Iterator[dict[str, Any]]:
    """``n`` sample trademark mappings for one office, the same for the same seed."""
    generator = SampleGenerator(seed, office, today or dt.date(2026, 11, 1))
    for _ in range(n):
        yield generator.record()
