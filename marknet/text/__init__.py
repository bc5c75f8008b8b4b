"""The pure text layer: normalisation, look-alike letters, transliteration, readings, phonetics.

``search_keys`` bundles every key the search index stores for one verbal element.
"""

from __future__ import annotations

from dataclasses import dataclass

from marknet.text.homoglyphs import SKELETON_TABLE as _SKELETON_TABLE
from marknet.text.homoglyphs import is_mixed_script, scripts_of, skeleton
from marknet.text.loose import loose_latin
from marknet.text.morph import distinctiveness, snowball, stem
from marknet.text.normalize import normalize, tokens
from marknet.text.phonetic import phonetic_from_latin, phonetic_key, syllables
from marknet.text.reading import cyrillic_readings, latin_forms
from marknet.text.translit import SCHEMES, UnknownSchemeError, transliterate

__all__ = [
    "SCHEMES",
    "SearchKeys",
    "UnknownSchemeError",
    "cyrillic_readings",
    "distinctiveness",
    "is_mixed_script",
    "latin_forms",
    "loose_latin",
    "normalize",
    "phonetic_from_latin",
    "phonetic_key",
    "scripts_of",
    "search_keys",
    "skeleton",
    "snowball",
    "stem",
    "syllables",
    "tokens",
    "transliterate",
]


@dataclass(frozen=True, slots=True)
class SearchKeys:
    """The keys of one verbal element.

    ``latin`` is the loose Latin form (``marknet.text.loose``) that makes one name in either
    script close under Levenshtein or Jaro-Winkler; ``phonetic`` its phonetic key; ``skeleton``
    the look-alike folding of ``normalized``.
    """

    normalized: str
    latin: str
    skeleton: str
    phonetic: str
    tokens: tuple[str, ...]


def search_keys(text: str) -> SearchKeys:
    """Compute every search key of *text* in one pass over the normalised form."""
    normalized = normalize(text)
    latin = loose_latin(normalized)
    return SearchKeys(
        normalized=normalized,
        latin=latin,
        skeleton=normalized.translate(_SKELETON_TABLE),
        phonetic=phonetic_from_latin(latin),
        tokens=tuple(normalized.split()),
    )
