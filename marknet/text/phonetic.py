"""A script-independent phonetic key.

Every name goes through one path: ``normalize`` -> ``loose_latin`` (Cyrillic transliterated,
spelling variants unified, see ``marknet.text.loose``) -> the rules below. So LUKOIL, ЛУКОЙЛ and
Lukoyl share the key ``lakal``; Coca-Cola, Кока-Кола and Koka Kola share ``kakakala``;
Microsoft, Майкрософт and Maikrosoft share ``makrasaft``.

Rules, in order:

1. Sibilant and affricate digraphs become one letter each: sh (ш, щ, sch) -> ``w``,
   zh (ж) -> ``j``, ch (ч) -> ``q``, ts (ц, tz) -> ``c``; h after another consonant is dropped.
2. Voiced consonants lose voice at the end of a word and before a voiceless one, as they do in
   Russian and Belarusian speech: b -> p, d -> t, g -> k, z -> s, v -> f, zh -> sh.
3. Every run of vowels, including i/y/j glides (ай, ой, ei), becomes one ``a``: the key keeps
   the number and place of syllables, not their vowel quality (о/а, е/и/ы/і reduce in speech).
4. Words are joined (Coca-Cola = CocaCola) and runs of one letter collapse (double letters,
   and "ss" produced by joining words).

Soft and hard signs, ў/у/в/w/v and й/y/i/j are already unified by ``loose_latin``.
"""

from __future__ import annotations

import re

from marknet.text.loose import loose_latin
from marknet.text.normalize import normalize

__all__ = ["phonetic_from_latin", "phonetic_key"]

_DIGRAPHS = (("sh", "w"), ("zh", "j"), ("ch", "q"), ("ts", "c"))
_H_AFTER = re.compile(r"(?<=[bcdfgjklmnpqrstvwxz])h")
_DEVOICE_MAP = {"b": "p", "d": "t", "g": "k", "z": "s", "v": "f", "j": "w"}
_DEVOICE = re.compile(r"[bdgzvj](?=[ptksfhcqw]| |$)")
_VOWELS = re.compile(r"[aeiouy]+")
_RUNS = re.compile(r"(.)\1+")


def _devoice(match: re.Match[str]) -> str:
    return _DEVOICE_MAP[match.group()]


def phonetic_from_latin(latin: str) -> str:
    """Return the phonetic key of a loose Latin form (see ``marknet.text.loose``)."""
    key = latin
    for old, new in _DIGRAPHS:
        if old in key:
            key = key.replace(old, new)
    if "h" in key:
        key = _H_AFTER.sub("", key)
    key = _DEVOICE.sub(_devoice, key)
    key = _VOWELS.sub("a", key).replace(" ", "")
    return _RUNS.sub(r"\1", key)


def phonetic_key(text: str) -> str:
    """Return the phonetic key of *text* in any script (see the module docstring)."""
    return phonetic_from_latin(loose_latin(normalize(text)))
