"""Reasons an examiner can cite, in English, Russian and Belarusian, from one template per
reason code and language (``data/reasons.json``).

A criterion carries a stable ``code`` and its ``args`` (the forms compared as the marks write
them, how they sound, the notes); ``render`` puts them into the template of a language. The
English rendering is the ``reason`` text. Notes are ``(note code, args)`` pairs rendered with
the ``note_*`` templates and joined in parentheses; goods' term comparison is a ``terms_*``
pair after "; ". No internal key (phonetic key, skeleton) is ever part of a reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from marknet.errors import InputError

__all__ = ["LANGS", "UnknownLanguageError", "codes", "render"]

LANGS = ("en", "ru", "be")
_DATA = Path(__file__).with_name("data") / "reasons.json"


class UnknownLanguageError(InputError, ValueError):
    """A reason was asked for in a language marknet has no templates for."""

    code = "unknown_reason_language"

    def __init__(self, lang: str) -> None:
        super().__init__(f"no reasons in language {lang!r}; known: {', '.join(LANGS)}",
                         lang=lang, known=list(LANGS))


@cache
def _templates() -> dict[str, dict[str, str]]:
    raw = json.loads(_DATA.read_text("utf-8"))
    return {code: dict(by_lang) for code, by_lang in raw.items() if not code.startswith("_")}


def codes() -> frozenset[str]:
    """Every reason and note code that has templates."""
    return frozenset(_templates())


def _plain(value: str) -> str:
    return value


def _note(item: Sequence[Any], lang: str, wrap: Callable[[str], str]) -> str:
    code, args = item
    if code == "note_alphabets":
        values = {k: "+".join(_templates().get(f"script_{n}", {}).get(lang, n)
                              for n in str(v).split("+")) for k, v in dict(args).items()}
    else:
        values = {k: wrap(str(v)) for k, v in dict(args).items()}
    return _templates()[code][lang].format(**values)


def render(code: str, args: Mapping[str, Any], lang: str = "en",
           wrap: Callable[[str], str] = _plain,
           given: Mapping[str, str] | None = None) -> str:
    """The reason *code* with *args* in *lang* (``en``, ``ru`` or ``be``).

    *wrap* is applied to every argument (the marks' own words, classes, terms), e.g. to mark
    them as not to be translated on a page; the templates' own words are left as they are.
    *given* replaces arguments with text the caller has already put in *lang* (a page's own
    translation of a class relation).
    """
    if lang not in LANGS:
        raise UnknownLanguageError(lang)
    values = {k: wrap(str(v)) for k, v in args.items() if k not in ("notes", "terms")}
    values.update(given or {})
    notes = [_note(n, lang, wrap) for n in args.get("notes", ())]
    values["notes"] = f" ({'; '.join(notes)})" if notes else ""
    terms = args.get("terms")
    values["terms"] = (("; " if code != "goods_terms" else "") + _note(terms, lang, wrap)
                       if terms else "")
    return _templates()[code][lang].format(**values)
