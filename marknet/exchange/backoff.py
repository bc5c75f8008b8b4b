"""Exponential back-off with jitter, capped: how long to leave a partner alone after a failure.

"Equal jitter": half the delay is fixed, half random, so retries from many nodes spread out but
a partner that comes back is tried again within ``cap`` seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field


def delay(failures: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    full = min(cap_s, base_s * float(2 ** min(max(failures - 1, 0), 30)))
    return full / 2 + rng.random() * full / 2


@dataclass
class Backoff:
    base_s: float
    cap_s: float
    rng: random.Random = field(default_factory=random.Random)
    failures: dict[str, int] = field(default_factory=dict)
    not_before: dict[str, dt.datetime] = field(default_factory=dict)

    def ready(self, key: str, now: dt.datetime) -> bool:
        until = self.not_before.get(key)
        return until is None or now >= until

    def failed(self, key: str, now: dt.datetime) -> float:
        count = self.failures.get(key, 0) + 1
        self.failures[key] = count
        wait = delay(count, self.base_s, self.cap_s, self.rng)
        self.not_before[key] = now + dt.timedelta(seconds=wait)
        return wait

    def succeeded(self, key: str) -> None:
        self.failures.pop(key, None)
        self.not_before.pop(key, None)

    def next_due(self) -> dt.datetime | None:
        return min(self.not_before.values(), default=None)
