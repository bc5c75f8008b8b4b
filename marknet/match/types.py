"""The result types every criterion and ``compare`` return."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Assessment", "Criterion", "clamp"]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion's verdict: a score in 0..1 and the reason an examiner can cite."""

    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """The combined score of a pair and, per criterion name, the criterion behind it."""

    score: float
    why: dict[str, Criterion]


def clamp(value: float) -> float:
    """Limit *value* to 0..1."""
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value
