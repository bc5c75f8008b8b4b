"""What the store's query mixins need of a backend: one statement run, one query answered."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any


class SqlAccess(ABC):
    """Base of the mixins ``SqlStore`` is made of; the backends provide both methods."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...
