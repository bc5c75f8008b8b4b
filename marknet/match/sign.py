"""A sign prepared once for many comparisons: its keys, readings and meanings precomputed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marknet.match.lexicon import Meaning, find_meanings
from marknet.text import (
    SearchKeys,
    cyrillic_readings,
    is_mixed_script,
    loose_latin,
    phonetic_from_latin,
    scripts_of,
    search_keys,
)

__all__ = ["Sign", "cached_sign", "prepare_sign"]

# Readings beyond the first few are rarely right and cost time in every comparison.
_MAX_READINGS = 5


@dataclass(frozen=True, slots=True)
class Sign:
    """A verbal sign and everything the criteria need, computed by ``prepare_sign``.

    ``variants`` are space-free loose Latin forms: the sign's own first, then (for a sign in
    Latin letters) the loose Latin of its Cyrillic readings, listed in ``readings``.
    ``phonetics`` are the phonetic keys of ``variants``.
    """

    text: str
    keys: SearchKeys
    display: str
    skeleton: str
    latin_tokens: tuple[str, ...]
    variants: tuple[str, ...]
    phonetics: tuple[str, ...]
    readings: tuple[str, ...]
    scripts: frozenset[str]
    mixed: bool
    meanings: tuple[Meaning, ...]

    @property
    def cyrillic(self) -> bool:
        """True when the sign has Cyrillic letters."""
        return "Cyrillic" in self.scripts


def prepare_sign(text: str) -> Sign:
    """Prepare *text* for comparison (do it once per sign, not once per pair)."""
    keys = search_keys(text)
    scripts = frozenset(scripts_of(keys.normalized))
    variants = [keys.latin.replace(" ", "")]
    phonetics = [keys.phonetic]
    readings: list[str] = []
    if scripts == {"Latin"}:
        for reading in cyrillic_readings(keys.normalized)[:_MAX_READINGS]:
            latin = loose_latin(reading)
            compact = latin.replace(" ", "")
            if compact not in variants:
                variants.append(compact)
                phonetics.append(phonetic_from_latin(latin))
                readings.append(reading)
    return Sign(
        text=text,
        keys=keys,
        display=keys.normalized.upper(),
        skeleton=keys.skeleton.replace(" ", ""),
        latin_tokens=tuple(loose_latin(token) for token in keys.tokens),
        variants=tuple(variants),
        phonetics=tuple(phonetics),
        readings=tuple(readings),
        scripts=scripts,
        mixed=is_mixed_script(keys.normalized),
        meanings=find_meanings(keys.tokens),
    )


@lru_cache(maxsize=32_768)
def cached_sign(text: str) -> Sign:
    """``prepare_sign``, remembered (~1.3 KB a sign): the same names are explained again and
    again by searches, watches and examinations, and preparing one costs ~100 µs."""
    return prepare_sign(text)
