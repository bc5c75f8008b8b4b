"""A script-independent phonetic key.

Every name goes through one path: ``normalize`` -> ``loose_latin`` (Cyrillic transliterated,
spelling variants unified, see ``marknet.text.loose``) -> the rules below. So LUKOIL, ЛУКОЙЛ and
Lukoyl share the key ``lakal``; Coca-Cola, Кока-Кола and Koka Kola share ``kakakala``;
Schweppes, Швепс (read) and Schwepes share ``wfips``.

Rules, in order:

1. Sibilant and affricate digraphs become one letter each: sh (ш, щ, sch) -> ``w``,
   zh (ж) -> ``j``, ch (ч) -> ``q``, ts (ц, tz) -> ``c``; h after another consonant is dropped.
2. Voiced consonants lose voice at the end of a word and before a voiceless one, as they do in
   Russian and Belarusian speech: b -> p, d -> t, g -> k, z -> s, v -> f, zh -> sh.
3. A word-initial i/y/j before a vowel is the consonant ``y`` (Java, Yandex, Яндекс, Юла),
   not a syllable of its own.
4. Every run of vowels becomes one vowel of its class, keeping the number, place and kind of
   syllables: a/o -> ``a`` (о and а sound alike unstressed, and Belarusian writes а:
   Беловежская = Белавежская), e/i/y -> ``i`` (е/и/ы/і), u -> ``u``; oo and ou are ``u``
   (Poop, Bounty). The class is the run's first vowel's (ai, ой -> ``a``; ea, ие -> ``i``).
5. Words are joined (Coca-Cola = CocaCola) and runs of one letter collapse (double letters,
   and "ss" produced by joining words).

Soft and hard signs, ў/у/в/w/v and й/y/i/j are already unified by ``loose_latin``.
"""

from __future__ import annotations

import re

from marknet.text.loose import loose_latin
from marknet.text.normalize import normalize

__all__ = ["VOWELS", "phonetic_from_latin", "phonetic_key", "syllables"]

VOWELS = frozenset("aiu")

_DIGRAPHS = (("sh", "w"), ("zh", "j"), ("ch", "q"), ("ts", "c"))
_H_AFTER = re.compile(r"(?<=[bcdfgjklmnpqrstvwxz])h")
_DEVOICE_MAP = {"b": "p", "d": "t", "g": "k", "z": "s", "v": "f", "j": "w"}
_DEVOICE = re.compile(r"[bdgzvj](?=[ptksfhcqw]| |$)")
_VOWELS = re.compile(r"[aeiou]+")
_GLIDE = re.compile(r"(?:(?<= )|^)i(?=[aeiou])")
_CLASS = {"a": "a", "o": "a", "e": "i", "i": "i", "u": "u"}


def _vowel(match: re.Match[str]) -> str:
    run = match.group()
    if run.startswith(("oo", "ou")):
        return "u"
    return _CLASS[run[0]]
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
    if "i" in key:
        key = _GLIDE.sub("y", key)
    key = _VOWELS.sub(_vowel, key).replace(" ", "")
    return _RUNS.sub(r"\1", key)


def syllables(key: str) -> int:
    """The number of syllables of a phonetic key (its vowels, one per vowel run)."""
    return sum(1 for ch in key if ch in VOWELS)


def phonetic_key(text: str) -> str:
    """Return the phonetic key of *text* in any script (see the module docstring)."""
    return phonetic_from_latin(loose_latin(normalize(text)))
