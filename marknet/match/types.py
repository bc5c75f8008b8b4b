"""The result types every criterion and ``compare`` return."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marknet.match.reasons import render

__all__ = ["Assessment", "Criterion", "clamp"]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion's verdict: a score in 0..1 and the reason an examiner can cite.

    ``code`` is the reason's stable code and ``args`` what fills its template
    (``marknet.match.reasons``); ``reason`` is its English text, rendered when first asked
    for (most compared pairs are never explained).
    """

    score: float
    given: str = ""
    code: str = ""
    args: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def coded(cls, score: float, code: str, **args: Any) -> Criterion:
        """A criterion whose reason is the template *code* filled with *args*."""
        return cls(score, "", code, args)

    @property
    def reason(self) -> str:
        """The reason in English."""
        return self.given or render(self.code, self.args)

    def to_dict(self, places: int = 4) -> dict[str, Any]:
        """The JSON form: score, English reason, and the stable code with its arguments."""
        return {"score": round(self.score, places), "reason": self.reason, "code": self.code,
                "args": dict(self.args)}

    def text(self, lang: str = "en") -> str:
        """The reason in *lang* (en, ru, be); a reason without a code has only its text."""
        return render(self.code, self.args, lang) if self.code else self.given


@dataclass(frozen=True, slots=True)
class Assessment:
    """The combined score of a pair and, per criterion name, the criterion behind it."""

    score: float
    why: dict[str, Criterion]


def clamp(value: float) -> float:
    """Limit *value* to 0..1."""
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value
