"""Words as an examiner reads them: inflected forms of one word, and how common a word is.

``stem`` gives one form for the inflections of a word, so Тверская = Тверские and CATS = CAT:
a Russian word the dictionary knows goes to its lemma (pymorphy3 with its Russian dictionaries)
and then to its Snowball stem; an English word to its Snowball stem (PyStemmer) only when that
stem is itself a common word, so a coined mark is left alone (ADIDAS is not ADIDA). Belarusian
has no dictionary here: its words go through the Russian stemmer as written.

``distinctiveness`` says how much a shared word proves: 1 for a coined or rare word, down to
``MIN_DISTINCT`` for an everyday one (PARK, BANK, TEST), from its Zipf frequency in English and
Russian (wordfreq).
"""

from __future__ import annotations

from functools import cache, lru_cache

import pymorphy3
import Stemmer
from wordfreq import zipf_frequency

__all__ = ["MIN_DISTINCT", "distinctiveness", "snowball", "stem"]

MIN_DISTINCT = 0.25
# Zipf frequency (log10 of uses per billion words): 6 is "the", 5 "park"; famous brands sit
# near 3.5-3.9 (Pepsi, Nike, Лукойл) and are as distinctive as a coined word.
_COMMON, _RARE = 5.5, 4.0
_KNOWN_STEM = 3.0
_LANGS = ("en", "ru")


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


def _cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


@lru_cache(maxsize=100_000)
def snowball(word: str, language: str) -> str:
    """The Snowball stem of *word* in *language* (``english``, ``russian``…), always."""
    return str(_stemmer(language).stemWord(word))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """One form for the inflections of a normalised *word* (see the module docstring)."""
    if _cyrillic(word):
        parse = _morph().parse(word)[0]
        lemma = parse.normal_form if parse.is_known else word
        return str(_stemmer("russian").stemWord(lemma))
    if word.isascii() and word.isalpha():
        stemmed = str(_stemmer("english").stemWord(word))
        if stemmed != word and zipf_frequency(stemmed, "en") >= _KNOWN_STEM:
            return stemmed
    return word


@lru_cache(maxsize=200_000)
def distinctiveness(word: str) -> float:
    """How distinctive a normalised *word* is: 1 rare or coined .. MIN_DISTINCT everyday."""
    zipf = max(zipf_frequency(word, lang) for lang in _LANGS)
    share = (_COMMON - zipf) / (_COMMON - _RARE)
    return min(1.0, max(MIN_DISTINCT, share))
