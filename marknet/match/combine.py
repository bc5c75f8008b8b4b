"""Combining the criteria into one explained score.

Verbal criteria (sound, sight, meaning, containment) that apply to a pair give scores s_c with
weights w_c (``data/weights.json`` or a passed ``Weights``). Any one criterion may suffice, so
the verbal score is the maximum blended with the weighted mean:

    V = m * max(s_c) + (1 - m) * sum(w_c * s_c) / sum(w_c)        (m = max_share)

When both sides give goods, the goods score G scales it, never to zero (goods_floor f):

    score = V * (f + (1 - f) * G)

Identical signs for the same class score 1; a criterion that does not apply (meaning of
invented words, goods not given) is left out of ``why`` and of the formula.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from marknet.errors import InputError
from marknet.match.containment import containment
from marknet.match.goods import Goods, goods
from marknet.match.meaning import meaning
from marknet.match.sight import sight
from marknet.match.sign import Sign
from marknet.match.sound import sound
from marknet.match.types import Assessment, Criterion

__all__ = ["VERBAL", "Weights", "WeightsError", "compare", "compare_verbal", "load_weights",
           "with_goods"]

VERBAL = ("sound", "sight", "meaning", "containment")
_DATA = Path(__file__).with_name("data") / "weights.json"


class WeightsError(InputError, ValueError):
    """Invalid weights; ``problems`` lists every one found."""

    code = "invalid_match_weights"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid match weights: " + "; ".join(problems), problems=problems)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the verbal criteria, the share of the maximum, and the goods floor."""

    criteria: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(dict.fromkeys(VERBAL, 1.0))
    )
    max_share: float = 0.6
    goods_floor: float = 0.1

    def __post_init__(self) -> None:
        problems = [f"unknown criterion {name!r}" for name in self.criteria if name not in VERBAL]
        problems += [f"missing weight for {name!r}" for name in VERBAL if name not in self.criteria]
        problems += [
            f"weight of {name!r} must be >= 0" for name, w in self.criteria.items() if w < 0
        ]
        if not 0.0 <= self.max_share <= 1.0:
            problems.append("max_share must be in 0..1")
        if not 0.0 <= self.goods_floor <= 1.0:
            problems.append("goods_floor must be in 0..1")
        if problems:
            raise WeightsError(problems)
        object.__setattr__(self, "criteria", MappingProxyType(dict(self.criteria)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Weights:
        """Build weights from parsed JSON, reporting every problem at once."""
        unknown = sorted(set(data) - {"criteria", "max_share", "goods_floor"})
        if unknown:
            raise WeightsError([f"unknown setting {key!r}" for key in unknown])
        try:
            return cls(
                criteria={str(k): float(v) for k, v in dict(data["criteria"]).items()},
                max_share=float(data["max_share"]),
                goods_floor=float(data["goods_floor"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, WeightsError):
                raise
            raise WeightsError([f"malformed weights: {exc!r}"]) from exc


def load_weights(path: str | Path | None = None) -> Weights:
    """Load weights from *path*, or the packaged defaults (read once) when None."""
    if path is None:
        return _default_weights()
    return Weights.from_dict(json.loads(Path(path).read_text("utf-8")))


@cache
def _default_weights() -> Weights:
    return Weights.from_dict(json.loads(_DATA.read_text("utf-8")))


def compare(
    a: Sign,
    b: Sign,
    goods_a: Goods | None = None,
    goods_b: Goods | None = None,
    weights: Weights | None = None,
) -> Assessment:
    """Score how confusingly similar *a* and *b* are, with a reason per criterion."""
    w = weights or _default_weights()
    return with_goods(compare_verbal(a, b, w), goods_a, goods_b, w)


def compare_verbal(a: Sign, b: Sign, weights: Weights | None = None) -> Assessment:
    """``compare`` before goods: the verbal criteria and their blend V (see the module doc).

    One sign explained against many records of the same text needs it once; ``with_goods``
    then gives each record's ``compare``.
    """
    w = weights or _default_weights()
    why: dict[str, Criterion] = {"sound": sound(a, b), "sight": sight(a, b)}
    meant = meaning(a, b)
    if meant is not None:
        why["meaning"] = meant
    why["containment"] = containment(a, b)
    top = 0.0
    total = 0.0
    weight_sum = 0.0
    for name, criterion in why.items():
        weight = w.criteria[name]
        top = max(top, criterion.score)
        total += weight * criterion.score
        weight_sum += weight
    mean = total / weight_sum if weight_sum else top
    return Assessment(score=w.max_share * top + (1.0 - w.max_share) * mean, why=why)


def with_goods(verbal: Assessment, goods_a: Goods | None = None, goods_b: Goods | None = None,
               weights: Weights | None = None) -> Assessment:
    """``compare``'s result from its ``compare_verbal`` part and the two sides' goods."""
    w = weights or _default_weights()
    why = dict(verbal.why)
    score = verbal.score
    goods_criterion = goods(goods_a, goods_b)
    if goods_criterion is not None:
        why["goods"] = goods_criterion
        score *= w.goods_floor + (1.0 - w.goods_floor) * goods_criterion.score
    return Assessment(score=min(1.0, max(0.0, score)), why=why)
