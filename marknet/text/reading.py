"""Reading between scripts: how Russians write Latin names in Cyrillic, and the reverse.

``cyrillic_readings`` returns a few plausible Cyrillic spellings of a Latin name, most likely
first: a table of known irregular brands (``data/readings.json``: Schweppes -> Швепс,
Hyundai -> Хендай), then five rule sets applied word by word:

* ``literal`` - the name read as a romanised Russian/Belarusian word (Savushkin -> Савушкин,
  Aeroflot -> Аэрофлот, Lukoyl -> Лукойл);
* ``la`` - a name of Latin or German origin in the Russian tradition, H read as Г
  (Horizont -> Горизонт, Hamburg -> Гамбург); it only adds a reading where the name has an h;
* ``en`` - English spelling (Microsoft -> Майкрософт, Coca-Cola -> Кока-Кола; ee/oo/ea, silent
  final e, open-syllable i -> ай, a_e -> ей, c/g before e/i, doubled consonants as one);
* ``fr`` - French spelling (Michelin -> Мишлен, Peugeot -> Пежо; eau/au -> о, ou -> у,
  eu -> е, ch -> ш, ge before a/o/u -> ж, final -ot/-et/-ault/-in/-s, unstressed e dropped);
* ``de`` - German spelling (Schwarzkopf -> Шварцкопф; ei -> ай, ie -> и, eu -> ой, z/tz -> ц,
  sch -> ш, st/sp at the start -> шт/шп, v -> ф, w -> в, j -> й).

Each rule set is one compiled regex alternation (specific patterns first, with look-arounds for
context) and a parallel list of replacements. Output is normalised lower-case Cyrillic.
``latin_forms`` goes the other way: the Latin spellings of a Cyrillic name by several schemes.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from marknet.text.normalize import normalize
from marknet.text.translit import transliterate

__all__ = ["cyrillic_readings", "latin_forms"]

# Sentinels for replacements computed from the matched text.
_DOUBLE = "\x00double"
_FR_END = "\x00end"
_V = "aeiouyéèêëàâäôöüûîï"
_C = "bcdfghjklmnpqrstvwxzç"
_BASE: tuple[tuple[str, str], ...] = (
    ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
    ("h", "х"), ("i", "и"), ("j", "дж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "и"), ("z", "з"), ("é", "е"), ("è", "е"),
    ("ê", "е"), ("ë", "е"), ("à", "а"), ("â", "а"), ("ä", "е"), ("ô", "о"), ("ö", "е"),
    ("ü", "ю"), ("û", "у"), ("î", "и"), ("ï", "и"), ("ç", "с"), ("ß", "сс"), (".", ""),
)
_LITERAL = (
    ("shch", "щ"), ("sch", "ш"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"),
    ("ya", "я"), ("yu", "ю"), ("yo", "е"), ("ye", "е"), (f"(?:(?<=[{_V}])|^)e", "э"),
    (f"(?<=[{_V}])[yi](?![{_V}])", "й"), ("j", "й"), (f"y(?![{_V}])", "ы"), ("c(?=[eiy])", "ц"),
    ("h", "х"),
)
_EN = (
    ("tch", "ч"), ("sch", "ш"), ("ch", "ч"), ("sh", "ш"), ("th", "т"), ("ph", "ф"), ("ck", "к"),
    ("gh$", ""), ("qu", "кв"), ("wh", "в"), ("ee", "и"), ("oo", "у"), ("ea", "и"), ("ou", "у"),
    ("(?:ai|ay|ey|ei)", "ей"), ("(?:oi|oy)", "ой"), ("au", "ау"), ("ew", "ью"), ("ow", "оу"),
    (f"^y(?=[{_V}])", "й"), (f"(?<=[{_V}])y", "й"), ("ya", "я"), ("yu", "ю"),
    (f"i(?=[{_C}][rl]?[{_V}])", "ай"), (f"a(?=[{_C}]e$)", "ей"), (f"(?<=[{_C}]{{2}})e$", ""),
    (f"(?<=[{_C}])es$", "с"), (f"(?<=[{_V}][{_C}])e$", ""), ("c(?=[eiy])", "с"),
    ("g(?=[eiy])", "дж"), (f"(?P<dbl>[{_C}])(?P=dbl)", _DOUBLE),
)
_FR = (
    ("eaux?$", "о"), ("eau", "о"), ("ault$", "о"), ("aud$", "о"), ("au", "о"), ("ou", "у"),
    ("(?:oi|oy)", "уа"), ("(?:ai|ei)n$", "ен"), ("in$", "ен"), ("(?:ai|ei)", "е"),
    ("eu", "е"), ("ch", "ш"), ("ph", "ф"), ("th", "т"), ("qu", "к"), ("gu(?=[eiy])", "г"),
    ("gn", "нь"), ("ge(?=[aou])", "ж"), ("g(?=[eiy])", "ж"), ("j", "ж"), ("c(?=[eiy])", "с"),
    ("(?:ot|et|er|ez)$", _FR_END), (f"(?<=[{_C}])(?:e|es|s|t|x|d)$", ""),
    (f"(?:(?<=[{_V}][{_C}])|(?<=[{_V}]ch))e(?=[{_C}][{_V}])", ""), (f"(?<=[{_V}])s(?=[{_V}])", "з"),
    ("h", ""), ("w", "в"), ("y", "и"),
)
_DE = (
    ("tsch", "ч"), ("sch", "ш"), ("ch", "х"), ("ck", "к"), ("tz", "ц"), ("z", "ц"), ("ei", "ай"),
    ("ie", "и"), ("(?:eu|äu)", "ой"), ("au", "ау"), ("^st", "шт"), ("^sp", "шп"),
    (f"^s(?=[{_V}])", "з"), ("v", "ф"), ("j", "й"), ("ph", "ф"), ("th", "т"), ("qu", "кв"),
    (f"(?<=[{_V}])h", ""), ("^ä", "э"), ("ß", "сс"),
)
# Latin and German names as Russian tradition writes them: H -> Г (Horizont -> Горизонт,
# Hamburg -> Гамбург, Hermes -> Гермес), c before e/i -> ц, z -> з.
_LA = (
    ("sch", "ш"), ("ch", "х"), ("ph", "ф"), ("th", "т"), ("rh", "р"), ("qu", "кв"),
    ("c(?=[eiy])", "ц"), ("h", "г"), ("j", "й"), ("y", "и"),
)
# French word endings whose consonant is silent but whose vowel is heard.
_FR_ENDINGS = {"ot": "о", "et": "е", "er": "е", "ez": "е"}


class _Rules:
    """One rule set compiled into a single alternation; group n holds pattern n."""

    def __init__(self, rules: tuple[tuple[str, str], ...]) -> None:
        full = rules + _BASE
        # Patterns may hold groups of their own, so map each outer group number to its value.
        self._values: dict[int, str] = {}
        number = 1
        for pattern, value in full:
            self._values[number] = value
            number += 1 + re.compile(pattern).groups
        self._regex = re.compile("|".join(f"({pattern})" for pattern, _ in full))

    def read(self, word: str) -> str:
        return self._regex.sub(self._replace, word)

    def _replace(self, match: re.Match[str]) -> str:
        value = self._values[match.lastindex or 1]
        text = match.group()
        if value == _DOUBLE:
            return _BASE_MAP.get(text[0], text[0])
        if value == _FR_END:
            return _FR_ENDINGS[text]
        return value


_BASE_MAP = dict(_BASE)
_PROFILES = {name: _Rules(rules) for name, rules in
             (("literal", _LITERAL), ("la", _LA), ("en", _EN), ("fr", _FR), ("de", _DE))}
_DATA = Path(__file__).with_name("data")


@cache
def _exceptions() -> dict[str, tuple[str, ...]]:
    raw = json.loads((_DATA / "readings.json").read_text("utf-8"))
    return {normalize(k): tuple(normalize(v) for v in values) for k, values in raw.items()}


def _word_readings(word: str) -> list[str]:
    if not any("a" <= ch <= "z" for ch in word):
        return [word]
    known = list(_exceptions().get(word, ()))
    ruled = [normalize(rules.read(word)) for rules in _PROFILES.values()]
    return list(dict.fromkeys(known + ruled))


def cyrillic_readings(latin_text: str) -> list[str]:
    """Return plausible Cyrillic spellings of a Latin-script name, most likely first."""
    words = normalize(latin_text).split()
    if not words:
        return []
    whole = _exceptions().get(" ".join(words))
    per_word = [_word_readings(word) for word in words]
    longest = max(len(options) for options in per_word)
    combined = [
        " ".join(options[min(i, len(options) - 1)] for options in per_word)
        for i in range(longest)
    ]
    return list(dict.fromkeys([*(whole or ()), *combined]))


_RU_SCHEMES = ("icao_doc_9303", "bgn_pcgn", "gost_779")
_BY_SCHEMES = ("by_2023", "by_2007")
_BELARUSIAN = re.compile("[іў]")


def latin_forms(cyrillic_text: str) -> list[str]:
    """Return normalised Latin spellings of a Cyrillic name by several schemes, de-duplicated.

    Belarusian spellings (with і or ў) use the Belarusian schemes first; Russian ones the
    Russian schemes. Text without Cyrillic comes back normalised.
    """
    text = normalize(cyrillic_text)
    if not any("\u0400" <= ch <= "\u04ff" for ch in text):
        return [text] if text else []
    schemes = _BY_SCHEMES if _BELARUSIAN.search(text) else _RU_SCHEMES
    return list(dict.fromkeys(normalize(transliterate(text, scheme)) for scheme in schemes))
