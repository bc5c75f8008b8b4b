"""Sound: do the two signs sound alike?

For each pair of pronunciations (a sign in Latin letters also has the loose Latin forms of its
Cyrillic readings, so PEUGEOT meets ПЕЖО) the raw similarity blends Jaro-Winkler on the
space-free loose Latin forms (LATIN_SHARE; it rewards a shared beginning) with the Levenshtein
similarity of the phonetic keys (one sound in six differing costs a sixth), which keep the kind
and place of each vowel (``marknet.text.phonetic``). Then, as examiners weigh sound:

* 0.1 off per syllable of difference (at most -0.3);
* FIRST_SOUND when the first sounds differ (Java / AAVA): the beginning weighs most;
* short words are strict: forms that differ with at most SHORT letters in the shorter are
  scaled by SHORT_FACTOR (POP / POOP, SAM / SEAM differ by one letter in three).

The best pair counts. The score maps raw similarity from FLOOR..1 to 0..1, so unrelated words
(raw about 0.4-0.5) score near 0. The reason gives the pronunciations compared, in Cyrillic
for an examiner to read: "ЛУКОЙЛ и LUKOIL произносятся одинаково: [лукойл]".
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein

from marknet.match.sign import Sign
from marknet.match.types import Criterion, clamp
from marknet.text import cyrillic_readings, syllables

__all__ = ["FIRST_SOUND", "FLOOR", "LATIN_SHARE", "SHORT", "SHORT_FACTOR", "sound"]

FLOOR = 0.5
LATIN_SHARE = 0.4
FIRST_SOUND = 0.9
SHORT = 4
SHORT_FACTOR = 0.85
_ALIKE = 0.8
_SIMILAR = 0.5


def _pairs(a: Sign, b: Sign) -> list[tuple[int, int]]:
    # Readings only matter across scripts; within one script both signs are read the same way.
    if a.cyrillic == b.cyrillic:
        return [(0, 0)]
    return [(i, j) for i in range(len(a.variants)) for j in range(len(b.variants))]


def _raw(a: Sign, b: Sign, i: int, j: int) -> float:
    key_a, key_b = a.phonetics[i], b.phonetics[j]
    form_a, form_b = a.variants[i], b.variants[j]
    latin = JaroWinkler.similarity(form_a, form_b)
    raw = (LATIN_SHARE * latin
           + (1.0 - LATIN_SHARE) * Levenshtein.normalized_similarity(key_a, key_b))
    raw *= max(0.7, 1.0 - 0.1 * abs(syllables(key_a) - syllables(key_b)))
    if key_a[:1] != key_b[:1]:
        raw *= FIRST_SOUND
    if latin < 1.0 and min(len(form_a), len(form_b)) <= SHORT:
        raw *= SHORT_FACTOR
    return raw


def _said(sign: Sign, i: int, other: Sign) -> str:
    """How the sign is pronounced, in Cyrillic: its reading *i*, its own Cyrillic, the
    other sign's Cyrillic when they read the same, or its likeliest reading."""
    if i:
        return sign.readings[i - 1]
    if sign.cyrillic:
        return sign.keys.normalized
    if other.cyrillic and sign.variants[0] == other.variants[0]:
        return other.keys.normalized
    return _likeliest_reading(sign.keys.normalized)


@lru_cache(maxsize=32_768)
def _likeliest_reading(normalized: str) -> str:
    readings = cyrillic_readings(normalized)
    return readings[0] if readings else normalized


def sound(a: Sign, b: Sign) -> Criterion:
    """Compare how *a* and *b* sound (see the module docstring)."""
    if not a.variants[0] or not b.variants[0]:
        return Criterion.coded(0.0, "sound_nothing")
    raw, i, j = max((_raw(a, b, i, j), i, j) for i, j in _pairs(a, b))
    score = clamp((raw - FLOOR) / (1.0 - FLOOR))
    verdict = ("sound_alike" if score >= _ALIKE
               else "sound_similar" if score >= _SIMILAR else "sound_different")
    notes: list[tuple[str, dict[str, str]]] = []
    if i:
        notes.append(("note_read_as", {"a": a.display, "b": a.readings[i - 1].upper()}))
    if j:
        notes.append(("note_read_as", {"a": b.display, "b": b.readings[j - 1].upper()}))
    syllables_a, syllables_b = syllables(a.phonetics[i]), syllables(b.phonetics[j])
    if syllables_a != syllables_b:
        notes.append(("note_syllables", {"a": str(syllables_a), "b": str(syllables_b)}))
    said_a, said_b = _said(a, i, b), _said(b, j, a)
    said = f"[{said_a}]" if said_a == said_b else f"[{said_a}] / [{said_b}]"
    return Criterion.coded(score, verdict, a=a.display, b=b.display, said=said,
                           notes=tuple(notes))
