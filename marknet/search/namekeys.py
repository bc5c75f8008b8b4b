"""What the index keeps of one distinct name, taken from ``marknet.match.prepare_sign``.

Names are deduplicated by their normalised form (a million marks hold about a third as many
distinct names), and every key comes from the same ``Sign`` the criteria use, so the index's
vectorised scorer sees exactly what ``compare`` sees. Preparing a sign costs ~0.1 ms (the
Cyrillic readings of Latin names dominate), so large builds spread it over the CPU cores.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context
from typing import NamedTuple

from marknet.match import lexicon, prepare_sign
from marknet.match.sign import Sign

__all__ = ["NameKeys", "concept_vocab", "name_keys", "names_keys", "sign_keys"]

_PARALLEL_FROM = 20_000
_CHUNK = 5_000


class NameKeys(NamedTuple):
    """The keys of one distinct name (plain tuples: cheap to pickle between processes).

    ``latin_tokens`` are the sign's loose Latin words joined by one space; ``variants`` and
    ``phonetics`` its pronunciations (own form first, then readings of a Latin name in
    Cyrillic); ``concepts`` (concept, word position) pairs of the meaning lexicon.
    """

    latin_tokens: str
    skeleton: str
    variants: tuple[str, ...]
    phonetics: tuple[str, ...]
    cyrillic: bool
    tokens: int
    concepts: tuple[tuple[str, int], ...]


def sign_keys(sign: Sign) -> NameKeys:
    return NameKeys(
        latin_tokens=" ".join(sign.latin_tokens),
        skeleton=sign.skeleton,
        variants=sign.variants,
        phonetics=sign.phonetics,
        cyrillic=sign.cyrillic,
        tokens=len(sign.keys.tokens),
        concepts=tuple(dict.fromkeys((m.concept, m.position) for m in sign.meanings)),
    )


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
