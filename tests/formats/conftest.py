"""Shared fixtures: the reference data (``tests.shared_data``) and WIPO's ST.96 schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.shared_data import shared_data


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return shared_data()


def _schema(data_dir: Path, name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(data_dir / "st96" / "schemas" / name)))


@pytest.fixture(scope="session")
def trademark_schema(data_dir: Path) -> etree.XMLSchema:
    return _schema(data_dir, "TrademarkTransaction_V6_0.xsd")


@pytest.fixture(scope="session")
def gi_schema(data_dir: Path) -> etree.XMLSchema:
    return _schema(data_dir, "GITransaction_V6_0.xsd")


@pytest.fixture(scope="session")
def validate(trademark_schema: etree.XMLSchema, gi_schema: etree.XMLSchema):  # type: ignore[no-untyped-def]
    """Assert that an exported file is valid against the matching V6_0 schema."""

    def check(path: Path) -> None:
        schema = gi_schema if "gis-" in path.name else trademark_schema
        document = etree.parse(str(path))
        assert schema.validate(document), str(schema.error_log)[:1000]

    return check
