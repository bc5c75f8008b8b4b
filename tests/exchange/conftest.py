"""Fixtures: an RU/BY pair of in-process nodes (see nodes.py), on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.exchange.nodes import Pair, database_urls, make_pair


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    yield from make_pair(tmp_path, (None, None))


@pytest.fixture(params=["sqlite", "postgres"])
def any_pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pair]:
    """The same pair on each backend (PostgreSQL when MARKNET_TEST_DATABASE_URL is set)."""
    for urls in database_urls(request.param):
        yield from make_pair(tmp_path, urls)
