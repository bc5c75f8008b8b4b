"""The pages' languages: Russian, Belarusian and English, one JSON catalogue each.

The visitor's choice is kept in a cookie; without one, the browser's Accept-Language decides.
A key missing from a catalogue falls back to English, then to the key itself, so a page never
breaks over a missing translation (a test checks the catalogues have the same keys).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from fastapi import Request

LANGS = ("ru", "be", "en")
LANG_NAMES = {"ru": "Русский", "be": "Беларуская", "en": "English"}
LANG_COOKIE = "marknet_lang"
_DIR = Path(__file__).with_name("i18n")


@cache
def catalogue(lang: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((_DIR / f"{lang}.json").read_text("utf-8"))
    return data


def translator(lang: str) -> Callable[..., str]:
    own, fallback = catalogue(lang), catalogue("en")

    def t(key: str, **values: object) -> str:
        text = own.get(key) or fallback.get(key) or key
        return text.format(**values) if values else text

    return t


def pick_lang(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in LANGS:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "ru"
