"""What the index keeps of one distinct name, taken from ``marknet.match.prepare_sign``.

Names are deduplicated by their normalised form (a million marks hold about a third as many
distinct names), and every key comes from the same ``Sign`` the criteria use, so the index's
vectorised scorer sees exactly what ``compare`` sees. Preparing a sign costs ~0.1 ms (the
Cyrillic readings of Latin names dominate), so large builds spread it over the CPU cores.

Explaining a hit needs the whole ``Sign`` again. ``rest`` keeps what the index's columns do
not (readings, meanings, ...) as the fields that differ from a guess made from those columns,
so ``rebuilt_sign`` gives back exactly the ``Sign`` without preparing it: the guess only
shortens what is stored, never what comes back.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context
from typing import Any, NamedTuple

from marknet.match import Meaning, cached_sign, lexicon, prepare_sign
from marknet.match.sign import Sign
from marknet.text import SearchKeys
from marknet.text.homoglyphs import SKELETON_TABLE

__all__ = ["NameKeys", "concept_vocab", "name_keys", "names_keys", "rebuilt_sign", "sign_keys"]

_PARALLEL_FROM = 20_000
_CHUNK = 5_000


class NameKeys(NamedTuple):
    """The keys of one distinct name (plain tuples: cheap to pickle between processes).

    ``latin_tokens`` are the sign's loose Latin words joined by one space; ``variants`` and
    ``phonetics`` its pronunciations (own form first, then readings of a Latin name in
    Cyrillic); ``concepts`` (concept, word position) pairs of the meaning lexicon; ``rest``
    the rest of the sign (see ``rebuilt_sign``).
    """

    latin_tokens: str
    skeleton: str
    variants: tuple[str, ...]
    phonetics: tuple[str, ...]
    cyrillic: bool
    tokens: int
    concepts: tuple[tuple[str, int], ...]
    rest: str


def sign_keys(sign: Sign) -> NameKeys:
    latin_tokens = " ".join(sign.latin_tokens)
    guess = _guess(sign.keys.normalized, latin_tokens, sign.skeleton, sign.variants,
                   sign.phonetics, sign.cyrillic)
    return NameKeys(
        latin_tokens=latin_tokens,
        skeleton=sign.skeleton,
        variants=sign.variants,
        phonetics=sign.phonetics,
        cyrillic=sign.cyrillic,
        tokens=len(sign.keys.tokens),
        concepts=tuple(dict.fromkeys((m.concept, m.position) for m in sign.meanings)),
        rest=_differences(sign, guess),
    )


_PREPARE = "!"
# The fields of a Sign as rebuilt_sign sees them: (short name, how to read it back from JSON).
_FIELDS: dict[str, tuple[str, Any]] = {
    "keys.latin": ("l", str), "keys.skeleton": ("k", str),
    "keys.phonetic": ("p", str), "keys.tokens": ("t", tuple), "display": ("d", str),
    "skeleton": ("s", str), "latin_tokens": ("w", tuple), "variants": ("v", tuple),
    "phonetics": ("f", tuple), "readings": ("r", tuple), "scripts": ("c", frozenset),
    "mixed": ("m", bool),
    "meanings": ("e", lambda found: tuple(Meaning(*m) for m in found)),
}


def _field(sign: Sign, name: str) -> Any:
    return getattr(sign.keys, name[5:]) if name.startswith("keys.") else getattr(sign, name)


def _json_value(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset) else value


def _guess(normalized: str, latin_tokens: str, skeleton: str, variants: tuple[str, ...],
           phonetics: tuple[str, ...], cyrillic: bool) -> dict[str, Any]:
    """The fields of a name's Sign as they usually follow from the index's columns."""
    words = tuple(latin_tokens.split(" ")) if latin_tokens else ()
    return {
        "keys.latin": " ".join(words),
        "keys.skeleton": normalized.translate(SKELETON_TABLE),
        "keys.phonetic": phonetics[0] if phonetics else "",
        "keys.tokens": tuple(normalized.split()), "display": normalized.upper(),
        "skeleton": skeleton, "latin_tokens": words, "variants": variants,
        "phonetics": phonetics, "readings": (),
        "scripts": frozenset({"Cyrillic" if cyrillic else "Latin"}), "mixed": False,
        "meanings": (),
    }


def _differences(sign: Sign, guess: dict[str, Any]) -> str:
    """JSON of the fields of *sign* the guess gets wrong ('' when it gets all right)."""
    if sign.keys.normalized != sign.text:
        return _PREPARE  # normalising the name changes it: its texts' signs differ from its own
    wrong = {short: _json_value(_field(sign, name)) for name, (short, _) in _FIELDS.items()
             if _field(sign, name) != guess[name]}
    return json.dumps(wrong, ensure_ascii=False, separators=(",", ":")) if wrong else ""


def rebuilt_sign(text: str, normalized: str, latin_tokens: str, skeleton: str,
                 variants: tuple[str, ...], phonetics: tuple[str, ...], cyrillic: bool,
                 rest: str) -> Sign:
    """``prepare_sign(text)`` for a *text* whose normalised form is the indexed name.

    The name's columns and its ``rest`` give every field but ``text``, the caller's: a sign
    depends on its text only through the normalised form, the name (the rare name that
    normalising changes again is prepared).
    """
    if rest == _PREPARE:
        return cached_sign(text)
    fields = _guess(normalized, latin_tokens, skeleton, variants, phonetics, cyrillic)
    if rest:
        stored = json.loads(rest)
        for name, (short, read) in _FIELDS.items():
            if short in stored:
                fields[name] = read(stored[short])
    keys = SearchKeys(normalized=normalized, latin=fields["keys.latin"],
                      skeleton=fields["keys.skeleton"], phonetic=fields["keys.phonetic"],
                      tokens=fields["keys.tokens"])
    return Sign(text=text, keys=keys, **{name: value for name, value in fields.items()
                                         if not name.startswith("keys.")})


def name_keys(normalized: str) -> NameKeys:
    return sign_keys(prepare_sign(normalized))


def _chunk_keys(names: list[str]) -> list[NameKeys]:
    return [name_keys(n) for n in names]


def names_keys(names: list[str], workers: int | None = None) -> list[NameKeys]:
    """Keys of many names, in order; forked worker processes for large batches."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(names) < _PARALLEL_FROM:
        return _chunk_keys(names)
    chunks = [names[i : i + _CHUNK] for i in range(0, len(names), _CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        return [keys for part in pool.map(_chunk_keys, chunks) for keys in part]


@cache
def concept_vocab() -> dict[str, int]:
    """Concept name -> small integer id, stable for one meaning lexicon."""
    concepts = sorted({concept for entries in lexicon().values() for concept, _ in entries})
    return {concept: i for i, concept in enumerate(concepts)}
