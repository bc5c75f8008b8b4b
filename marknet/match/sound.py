"""Sound: do the two signs sound alike?

For each pair of pronunciations (a sign in Latin letters also has the loose Latin forms of its
Cyrillic readings, so PEUGEOT meets ПЕЖО) the raw similarity is the mean of Jaro-Winkler on the
space-free loose Latin forms (which rewards a shared beginning, where sound weighs most) and the
Indel similarity of the phonetic keys. It is scaled down by 0.1 per syllable of difference
(syllables = vowel groups of the key; at most -0.3) and raised by 0.05 when the keys share their
leading sound group (first three key letters). The best pair counts. The score maps raw
similarity from FLOOR..1 to 0..1, so unrelated words (raw about 0.4-0.5) score near 0.
"""

from __future__ import annotations

from rapidfuzz.distance import Indel, JaroWinkler

from marknet.match.sign import Sign
from marknet.match.types import Criterion, clamp

__all__ = ["FLOOR", "sound"]

FLOOR = 0.5
_ALIKE = 0.8
_SIMILAR = 0.5


def _pairs(a: Sign, b: Sign) -> list[tuple[int, int]]:
    # Readings only matter across scripts; within one script both signs are read the same way.
    if a.cyrillic == b.cyrillic:
        return [(0, 0)]
    return [(i, j) for i in range(len(a.variants)) for j in range(len(b.variants))]


def _raw(a: Sign, b: Sign, i: int, j: int) -> float:
    key_a, key_b = a.phonetics[i], b.phonetics[j]
    raw = (JaroWinkler.similarity(a.variants[i], b.variants[j])
           + Indel.normalized_similarity(key_a, key_b)) / 2
    raw *= max(0.7, 1.0 - 0.1 * abs(key_a.count("a") - key_b.count("a")))
    if len(key_a) >= 3 and key_a[:3] == key_b[:3]:
        raw += 0.05
    return raw


def sound(a: Sign, b: Sign) -> Criterion:
    """Compare how *a* and *b* sound (see the module docstring)."""
    if not a.variants[0] or not b.variants[0]:
        return Criterion(0.0, "nothing to pronounce")
    raw, i, j = max((_raw(a, b, i, j), i, j) for i, j in _pairs(a, b))
    score = clamp((raw - FLOOR) / (1.0 - FLOOR))
    verdict = ("sounds alike" if score >= _ALIKE
               else "sounds similar" if score >= _SIMILAR else "sounds different")
    notes: list[str] = []
    if i:
        notes.append(f"{a.display} read as {a.readings[i - 1].upper()}")
    if j:
        notes.append(f"{b.display} read as {b.readings[j - 1].upper()}")
    key_a, key_b = a.phonetics[i], b.phonetics[j]
    if key_a == key_b:
        notes.append(f"same phonetic key {key_a.upper()}")
    syllables_a, syllables_b = key_a.count("a"), key_b.count("a")
    if syllables_a != syllables_b:
        notes.append(f"{syllables_a} vs {syllables_b} syllables")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    return Criterion(score, f"{verdict}: {a.display} ~ {b.display}{suffix}")
