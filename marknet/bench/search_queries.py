"""The fixed query set of ``marknet bench search``: sample names, deterministically disguised.

Five kinds in turn, each the way a real conflicting sign differs from an earlier one: a typo,
a transliteration into the other script, look-alike letters of the other alphabet, a phonetic
spelling, and the Russian/Belarusian spelling of the same word.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from marknet.text import cyrillic_readings, scripts_of, transliterate

__all__ = ["KINDS", "make_queries"]

_TO_CYRILLIC = str.maketrans("aceopxykmthbABCEHKMOPTXY", "асеорхукмтнвАВСЕНКМОРТХУ")
_TO_LATIN = str.maketrans("асеорхукмтнвАВСЕНКМОРТХУ", "aceopxykmthbABCEHKMOPTXY")
_SCHEMES = ("gost_779", "icao_doc_9303", "bgn_pcgn", "by_2023")
_LATIN_SOUNDS = (("ph", "f"), ("c", "k"), ("x", "ks"), ("oo", "u"), ("ee", "i"), ("y", "i"),
                 ("w", "v"), ("s", "z"), ("th", "t"), ("qu", "kv"))
_CYRILLIC_SOUNDS = (("о", "а"), ("е", "и"), ("тс", "ц"), ("ться", "ца"), ("сч", "щ"),
                    ("д ", "т "), ("в", "ф"), ("нн", "н"), ("ё", "о"), ("г", "к"))
_RU_TO_BE = (("щ", "шч"), ("ъ", "’"), ("и", "і"), ("е", "е"), ("ё", "ё"), ("ы", "ы"))
_BE_TO_RU = (("шч", "щ"), ("’", "ъ"), ("і", "и"), ("ў", "в"), ("э", "е"))


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 3:
        return text + text[-1]
    i = rng.randrange(1, len(text) - 1)
    how = rng.randrange(4)
    if how == 0:
        return text[:i] + text[i + 1 :]
    if how == 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if how == 2:
        return text[:i] + text[i] + text[i:]
    letters = "абвгдежзиклмнопрстуфх" if scripts_of(text) == {"Cyrillic"} else "abcdefghiklmnoprstu"
    return text[:i] + rng.choice(letters) + text[i + 1 :]


def _translit(text: str, rng: random.Random) -> str:
    if "Cyrillic" in scripts_of(text):
        return transliterate(text, rng.choice(_SCHEMES))
    readings = cyrillic_readings(text)
    return readings[0] if readings else text


def _lookalike(text: str, rng: random.Random) -> str:
    table = _TO_LATIN if "Cyrillic" in scripts_of(text) else _TO_CYRILLIC
    chars = list(text)
    for i, ch in enumerate(chars):
        if rng.random() < 0.5:
            chars[i] = ch.translate(table)
    return "".join(chars)


def _rewrite(text: str, rules: tuple[tuple[str, str], ...], rng: random.Random) -> str:
    lower = text.lower()
    applicable = [(a, b) for a, b in rules if a in lower]
    rng.shuffle(applicable)
    for old, new in applicable[:2]:
        lower = lower.replace(old, new)
    return lower if lower != text.lower() else _typo(text, rng)


def _phonetic(text: str, rng: random.Random) -> str:
    rules = _CYRILLIC_SOUNDS if "Cyrillic" in scripts_of(text) else _LATIN_SOUNDS
    return _rewrite(text, rules, rng)


def _ru_be(text: str, rng: random.Random) -> str:
    lower = text.lower()
    if "Cyrillic" not in scripts_of(text):
        return _translit(text, rng)
    rules = _BE_TO_RU if any(c in lower for c in "іў’") else _RU_TO_BE
    return _rewrite(text, rules, rng)


KINDS: dict[str, Callable[[str, random.Random], str]] = {
    "typo": _typo, "translit": _translit, "lookalike": _lookalike, "phonetic": _phonetic,
    "ru_be": _ru_be,
}


def make_queries(names: list[str], count: int, seed: int = 11) -> list[tuple[str, str, str]]:
    """*count* (kind, query, source name) triples drawn from *names*, the same for one seed."""
    rng = random.Random(seed)
    kinds = list(KINDS)
    out: list[tuple[str, str, str]] = []
    while len(out) < count and names:
        source = rng.choice(names)
        kind = kinds[len(out) % len(kinds)]
        query = KINDS[kind](source, rng).strip()
        if query:
            out.append((kind, query, source))
    return out
