"""Shared fixtures: a store per backend (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from marknet.store import Store, open_store
from tests.api.seed import make_node

PG_ENV = "MARKNET_TEST_DATABASE_URL"
PG_SKIP = (f"PostgreSQL tests skipped: set {PG_ENV}=postgresql://127.0.0.1:5432/test "
           "to run the contract suite against PostgreSQL")


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def pg_store_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    base = pg_url()
    if base is None:
        pytest.skip(PG_SKIP)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield pg_schema_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'marknet.sqlite3'}"
    url: str = request.getfixturevalue("pg_store_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One node seeded with users and marks for the API and page tests (built once)."""
    return make_node(tmp_path_factory.mktemp("seeded") / "node")


@pytest.fixture
def node_dir(seeded_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded node, so a test's writes stay its own."""
    target = tmp_path / "node"
    shutil.copytree(seeded_dir, target)
    return target


def pytest_report_header() -> str:
    return f"postgres: {pg_url() or 'not configured (' + PG_ENV + ' unset)'}"
