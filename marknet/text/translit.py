"""Cyrillic to Latin transliteration by named schemes.

Each scheme is a table in ``marknet/text/data/<name>.json`` (the iuliia format): ``mapping`` for
single letters, ``prev_mapping`` keyed by previous letter + letter (an empty previous letter means
the start of a word), ``next_mapping`` keyed by letter + next letter, and ``ending_mapping`` for
the last two letters of a word longer than two. Rules are tried in that order (ending, previous,
next, plain), as iuliia does. Upper case is carried over: a capital letter inside a capitalised
word gives a capitalised result (Щ -> Shch), inside an all-capitals word an all-capitals one.

Schemes: Russian ``gost_779`` (GOST 7.79-2000 system B), ``iso_9`` (system A, ISO 9:1995),
``icao_doc_9303``, ``bgn_pcgn``; Belarusian ``by_2023`` (national system of 2023, no diacritics)
and ``by_2007`` (2007 system with diacritics). Both Belarusian tables also accept the Russian-only
letters (и, щ, ъ) so a Russian spelling can be passed through them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marknet.errors import InputError

__all__ = ["SCHEMES", "Scheme", "UnknownSchemeError", "load_scheme", "transliterate"]

SCHEMES: tuple[str, ...] = (
    "gost_779",
    "iso_9",
    "icao_doc_9303",
    "bgn_pcgn",
    "by_2023",
    "by_2007",
)

_WORD = re.compile(r"[^\W\d_]+")
_DATA = Path(__file__).with_name("data")


class UnknownSchemeError(InputError, ValueError):
    """Raised for a transliteration scheme name that marknet does not know."""

    code = "unknown_translit_scheme"

    def __init__(self, name: str) -> None:
        message = f"unknown transliteration scheme {name!r}; known: {', '.join(SCHEMES)}"
        super().__init__(message, scheme=name, known=list(SCHEMES))
        self.name = name


@dataclass(frozen=True, slots=True)
class Scheme:
    """One transliteration table; see the module docstring for the rule order."""

    name: str
    description: str
    mapping: dict[str, str]
    prev_mapping: dict[str, str]
    next_mapping: dict[str, str]
    ending_mapping: dict[str, str]

    def letter(self, prev: str, curr: str, next_: str) -> str:
        """Transliterate lower-case *curr* given its lower-case neighbours ('' at a boundary)."""
        found = self.prev_mapping.get(prev + curr)
        if found is None:
            found = self.next_mapping.get(curr + next_) if next_ else None
        if found is None:
            found = self.mapping.get(curr, curr)
        return found

    def word(self, word: str) -> str:
        """Transliterate one word (a maximal run of letters)."""
        lower = word.lower()
        size = len(lower)
        out: list[str] = []
        stop = size
        ending = self.ending_mapping.get(lower[-2:]) if size > 2 and self.ending_mapping else None
        if ending is not None:
            stop = size - 2
        for i in range(stop):
            prev = lower[i - 1] if i else ""
            next_ = lower[i + 1] if i + 1 < size else ""
            out.append(_cased(self.letter(prev, lower[i], next_), word, i))
        if ending is not None:
            out.append(_cased(ending, word, stop))
        return "".join(out)

    def apply(self, text: str) -> str:
        """Transliterate *text*; characters outside words go through ``mapping`` or unchanged."""
        pieces: list[str] = []
        last = 0
        for match in _WORD.finditer(text):
            pieces.append(self._between(text[last : match.start()]))
            pieces.append(self.word(match.group()))
            last = match.end()
        pieces.append(self._between(text[last:]))
        return "".join(pieces)

    def _between(self, chunk: str) -> str:
        return "".join(self.mapping.get(ch, ch) for ch in chunk) if chunk else ""


def _cased(value: str, word: str, i: int) -> str:
    """Carry the case of ``word[i]`` over to its transliteration *value*."""
    if not word[i].isupper() or not value:
        return value
    neighbour = word[i + 1] if i + 1 < len(word) else (word[i - 1] if i else "")
    if neighbour.isupper():
        return value.upper()
    return value[:1].upper() + value[1:]


@cache
def load_scheme(name: str) -> Scheme:
    """Return the scheme called *name* (tables are read once from the package data)."""
    if name not in SCHEMES:
        raise UnknownSchemeError(name)
    raw = (_DATA / f"{name}.json").read_text("utf-8")
    data = json.loads(raw)
    return Scheme(
        name=name,
        description=str(data["description"]),
        mapping=dict(data["mapping"]),
        prev_mapping=dict(data.get("prev_mapping") or {}),
        next_mapping=dict(data.get("next_mapping") or {}),
        ending_mapping=dict(data.get("ending_mapping") or {}),
    )


def transliterate(text: str, scheme: str) -> str:
    """Transliterate the Cyrillic in *text* to Latin letters by *scheme* (see ``SCHEMES``)."""
    return load_scheme(scheme).apply(text)
