"""Fixtures of the procedure tests: a fake clock, one office, two offices on a network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from marknet.procedure import LocalNetwork
from tests.procedure.offices import FakeClock, Office, open_office


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2024, 3, 4, 10, tzinfo=dt.UTC))


@pytest.fixture
def ru(tmp_path: Path, clock: FakeClock) -> Iterator[Office]:
    office = open_office(tmp_path, "RU", clock)
    yield office
    office.node.close()


@pytest.fixture
def network() -> LocalNetwork:
    return LocalNetwork()


@pytest.fixture
def pair(tmp_path: Path, clock: FakeClock,
         network: LocalNetwork) -> Iterator[tuple[Office, Office]]:
    by = open_office(tmp_path, "BY", clock, network)
    ru = open_office(tmp_path, "RU", clock, network)
    yield by, ru
    by.node.close()
    ru.node.close()
