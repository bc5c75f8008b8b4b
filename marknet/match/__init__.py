"""Explainable similarity criteria (sound, sight, meaning, containment, goods) and their blend.

Prepare each sign once with ``prepare_sign``; ``compare`` then scores a pair cheaply and says,
per criterion, why.
"""

from __future__ import annotations

from marknet.match.combine import (
    VERBAL,
    Weights,
    WeightsError,
    compare,
    compare_verbal,
    load_weights,
    with_goods,
)
from marknet.match.containment import containment
from marknet.match.goods import Goods, goods, related_classes
from marknet.match.lexicon import Meaning, find_meanings, lexicon
from marknet.match.meaning import meaning
from marknet.match.sight import sight
from marknet.match.sign import Sign, cached_sign, prepare_sign
from marknet.match.sound import sound
from marknet.match.types import Assessment, Criterion

__all__ = [
    "VERBAL",
    "Assessment",
    "Criterion",
    "Goods",
    "Meaning",
    "Sign",
    "Weights",
    "WeightsError",
    "cached_sign",
    "compare",
    "compare_verbal",
    "containment",
    "find_meanings",
    "goods",
    "lexicon",
    "load_weights",
    "meaning",
    "prepare_sign",
    "related_classes",
    "sight",
    "sound",
    "with_goods",
]
