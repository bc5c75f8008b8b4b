"""Normalisation of verbal elements: the one canonical spelling every other key starts from.

``normalize`` applies NFKC, case folding, drops format/control characters, emoji, stress marks
and apostrophes, folds ё to е, and turns every run of punctuation, dashes and whitespace into one
space. Letters and digits of every script are kept, so the result is still readable text.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "tokens"]

# Characters deleted outright (they join word parts, never separate them): apostrophes, quote
# marks and the BGN/PCGN separator dot (Belarusian Вераб'ёвічы, McDonald's, Ty·ay·a, sʺ, «…»)
# and invisible format characters that are a classic way to disguise a mark (LUK<ZWSP>OIL).
_DELETE = (
    "'’ʼ‘`´ʹʺ\"“”„″«»·"
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f"
    "\u3164\ufeff\uffa0\ufff9\ufffa\ufffb"
)
_TABLE: dict[int, str | None] = {ord(c): None for c in _DELETE}
_TABLE[ord("ё")] = "е"
# Variation selectors (emoji presentation etc.) carry no letter.
_TABLE.update(dict.fromkeys(range(0xFE00, 0xFE10)))

# Combining marks left after NFKC have no precomposed letter to join (stress marks over Russian
# vowels, stacked diacritics); they are dropped rather than allowed to split a word.
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
_TAG_CHARS = re.compile("[\U000e0000-\U000e007f\U000e0100-\U000e01ef]+")
_SEPARATORS = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """Return the canonical form of *text*: lower case, single spaces, letters and digits only."""
    if text.isascii():
        # Fast path: most register names are plain ASCII.
        return _SEPARATORS.sub(" ", text.lower().translate(_TABLE)).strip()
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
    folded = unicodedata.normalize("NFKC", folded)
    if not folded.isascii():
        folded = _MARKS.sub("", _TAG_CHARS.sub("", folded)).translate(_TABLE)
    return _SEPARATORS.sub(" ", folded).strip()


def tokens(text: str) -> list[str]:
    """Return the words of the normalised *text*."""
    return normalize(text).split()
