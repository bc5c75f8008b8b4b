"""The pages' languages: Russian, Belarusian and English, one JSON catalogue each.

The language is part of the address (``/ru/search``, ``/be/records/…``, or ``?lang=en``) so a
shared link opens in the language it was sent in; the cookie only remembers the visitor's last
choice for addresses without one, and without either the browser's Accept-Language decides.
A key missing from a catalogue falls back to English, then to the key itself (a test renders
every page in each language and fails on either).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from starlette.types import ASGIApp, Receive, Scope, Send

LANGS = ("ru", "be", "en")
LANG_NAMES = {"ru": "Русский", "be": "Беларуская", "en": "English"}
LANG_COOKIE = "marknet_lang"
_DIR = Path(__file__).with_name("i18n")
_PREFIX = re.compile(r"^/(ru|be|en)(/.*)?$")


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


def has_key(lang: str, key: str) -> bool:
    return key in catalogue(lang)


def pick_lang(request: Request) -> str:
    """The address's language, else the remembered choice, else the browser's."""
    for chosen in (getattr(request.state, "lang", ""), request.query_params.get("lang", ""),
                   request.cookies.get(LANG_COOKIE, "")):
        if chosen in LANGS:
            return chosen
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "ru"


def strip_lang(path: str) -> tuple[str | None, str]:
    """``/be/records/X`` → (``be``, ``/records/X``); a path without a prefix keeps it."""
    found = _PREFIX.match(path)
    if not found:
        return None, path
    return found.group(1), found.group(2) or "/"


class LangPrefix:
    """Serves ``/ru/…``, ``/be/…`` and ``/en/…`` as the page without the prefix, in that
    language (ASGI middleware: the routes stay language-free)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            lang, path = strip_lang(scope["path"])
            if lang is not None:
                scope = {**scope, "path": path, "raw_path": path.encode(),
                         "state": {**scope.get("state", {}), "lang": lang}}
        await self.app(scope, receive, send)


def local_date(value: Any, lang: str) -> str:
    """A date (or ISO text) as the language writes it: «1 марта 2010 г.», "March 1, 2010"."""
    if not value:
        return "—"
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return format_date(day, format="long", locale=lang)


def local_datetime(value: Any, lang: str) -> str:
    if not value:
        return "—"
    try:
        moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(
            str(value))
    except ValueError:
        return str(value)
    return format_datetime(moment, format="medium", locale=lang)


def local_number(value: float, lang: str) -> str:
    """A score as the language writes it: «0,96» in Russian and Belarusian, "0.96" in English."""
    return str(format_decimal(value, format="0.00", locale=lang))
