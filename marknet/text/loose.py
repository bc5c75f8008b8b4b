"""The canonical "loose Latin" form used to compare names across scripts.

One path for every script, so ЛУКОЙЛ and LUKOIL, Кока-Кола and Coca-Cola meet:

1. Cyrillic and Greek letters become Latin by a context-free table close to ICAO/BGN
   (й, ы, и, і -> i; х -> h; ц -> ts; щ -> shch; ю -> iu; я -> ia; ў -> v; ь, ъ dropped), and
   Latin letters with diacritics fold to plain ones (č -> ch, š -> sh, ž -> zh, é -> e, ü -> u).
2. Spelling variants of one sound become one spelling: sch -> sh, tch -> ch, ph -> f, ck -> k,
   kh -> h, th -> t, gh -> g, tz/cz -> ts, qu -> kv, c before e/i/y -> s, any other c -> k
   (ch is kept), q -> k, x -> ks, w -> v, y and j -> i.
3. Runs of one letter collapse (ii -> i, pp -> p, ss -> s), except a doubled a, e, o or u:
   POOP is not POP, nor SEEM SEM (a doubled vowel is read long or as another vowel).

The input is expected to be normalised (``marknet.text.normalize``); spaces are kept.
"""

from __future__ import annotations

import re

__all__ = ["loose_latin"]

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "ј": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "v",
    "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "i",
    "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
_GREEK = {
    "α": "a", "ά": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "έ": "e", "ζ": "z", "η": "i",
    "ή": "i", "θ": "t", "ι": "i", "ί": "i", "ϊ": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n",
    "ξ": "ks", "ο": "o", "ό": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "i",
    "ύ": "i", "φ": "f", "χ": "h", "ψ": "ps", "ω": "o", "ώ": "o",
}
# Latin letters with diacritics, including those the Russian and Belarusian schemes emit.
_LATIN = {
    "á": "a", "à": "a", "â": "ia", "ä": "a", "ã": "a", "å": "a", "ą": "a", "æ": "ae",
    "ç": "s", "ć": "ts", "č": "ch", "ĉ": "ch", "ď": "d", "đ": "d", "é": "e", "è": "e",
    "ê": "e", "ë": "e", "ě": "e", "ę": "e", "ğ": "g", "ǵ": "g", "í": "i", "ì": "i", "î": "i",
    "ï": "i", "ı": "i", "ĺ": "l", "ľ": "l", "ł": "l", "ń": "n", "ñ": "n", "ň": "n", "ó": "o",
    "ò": "o", "ô": "o", "ö": "o", "õ": "o", "ø": "o", "œ": "oe", "ŕ": "r", "ř": "r", "ś": "s",
    "š": "sh", "ŝ": "shch", "ş": "s", "ß": "ss", "ť": "t", "ţ": "t", "ú": "u", "ù": "u",
    "û": "iu", "ü": "u", "ů": "u", "ŭ": "u", "ý": "i", "ÿ": "i", "ź": "z", "ż": "zh", "ž": "zh",
    "ǎ": "a", "ǐ": "i", "ǒ": "o", "ǔ": "u",
}
_TO_LATIN = str.maketrans({**_CYRILLIC, **_GREEK, **_LATIN})

# Spelling variants, longest first; applied by str.replace, which is much faster than a regex.
_DIGRAPHS = (
    ("sch", "sh"), ("tch", "ch"), ("ph", "f"), ("ck", "k"), ("kh", "h"), ("th", "t"),
    ("gh", "g"), ("tz", "ts"), ("cz", "ts"), ("qu", "kv"),
)
_SINGLE = str.maketrans({"q": "k", "x": "ks", "w": "v", "y": "i", "j": "i"})
_C_SOFT = re.compile(r"c(?=[eiy])")
_C_HARD = re.compile(r"c(?!h)")
_RUNS = re.compile(r"([^aeou])\1+")


def loose_latin(normalized: str) -> str:
    """Return the loose Latin form of already normalised text (see the module docstring)."""
    text = normalized if normalized.isascii() else normalized.translate(_TO_LATIN)
    for old, new in _DIGRAPHS:
        if old in text:
            text = text.replace(old, new)
    if "c" in text:
        text = _C_HARD.sub("k", _C_SOFT.sub("s", text))
    return _RUNS.sub(r"\1", text.translate(_SINGLE))
