"""Images replicate with the register: fetched by hash from the partner, verified, or refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marknet.images import ImageStore
from marknet.images.service import ImageSearch
from marknet.register import ImportItem
from tests.exchange.nodes import Pair, make_pair
from tests.images.conftest import logo_png

RECORD = "BY502021000700001"


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    yield from make_pair(tmp_path, (None, None))


def file_figurative(pair: Pair, png: bytes) -> str:
    """A Belarusian figurative mark (Крыніца's well, say) filed with its image on the BY node."""
    sha = ImageStore.in_data_dir(pair.by.node.settings.data_dir).put(png, "krynica.png").sha256
    record: dict[str, Any] = {
        "office": "BY", "application_number": "2021700001", "filing_date": "2021-05-05",
        "status": "registered", "registration_number": "700001",
        "registration_date": "2021-12-01", "feature": "Combined",
        "verbal_elements": [{"text": "Крыніца", "language": "be"}],
        "goods_services": [{"nice_class": 32}],
        "images": [{"name": "krynica.png", "sha256": sha, "vienna_codes": ["01.15.15"]}]}
    report = pair.by.node.register.import_items([ImportItem("t:1", record)])
    assert report.imported == 1
    return sha


def test_a_mirror_fetches_the_partners_images_and_searches_them(pair: Pair) -> None:
    png = logo_png("mastercard")
    sha = file_figurative(pair, png)
    assert pair.ru.exchange.replicator.run_once(force=True) == 1
    ru_images = ImageStore.in_data_dir(pair.ru.node.settings.data_dir)
    assert ru_images.original(sha) == (png, "image/png")
    search = ImageSearch(pair.ru.node.store, pair.ru.node.settings.data_dir)
    query = search.query_from_upload(png, "query.png", "image/png")
    hits = search.search(query, 5)
    assert hits[0].record_id == RECORD
    assert hits[0].register == "BY"


def test_bytes_that_do_not_match_their_hash_are_refused_and_the_mirror_waits(
        pair: Pair) -> None:
    sha = file_figurative(pair, logo_png("mastercard"))
    original = (pair.by.node.settings.data_dir / "images" / "originals" / sha[:2] / sha)
    original.write_bytes(logo_png("bmw"))  # the partner now serves other bytes under the name
    assert pair.ru.exchange.replicator.run_once(force=True) == 0
    error = pair.ru.exchange.replicator.status["BY"].error or ""
    assert f"image {sha[:16]}… from BY: the bytes hash to" in error
    assert pair.ru.node.store.head("BY").seq == 0  # nothing of the page was applied
    assert not ImageStore.in_data_dir(pair.ru.node.settings.data_dir).has(sha)
