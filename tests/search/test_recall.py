"""CI guard on quality: candidate generation against exhaustive scoring, cross-script pairs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from marknet.bench.search_bench import cross_script_pairs, recall_at
from marknet.bench.search_queries import make_queries
from marknet.match import prepare_sign
from marknet.sample.generator import generate_records
from marknet.search import SearchIndex, make_query

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def big() -> tuple[SearchIndex, list[str]]:
    pool: list[str] = []

    def records() -> Iterator[dict[str, Any]]:
        for data in generate_records(20_000, 7, "RU"):
            pool.append(data["verbal_elements"][0]["text"])
            yield data
        for i, (_, form_b, _) in enumerate(cross_script_pairs()):
            yield {"office": "BY", "application_number": f"a2025{i:05d}",
                   "filing_date": "2025-01-15", "verbal_elements": [{"text": form_b}]}

    return SearchIndex.from_records(records()), pool


def test_recall_at_10_against_exhaustive_scoring(big: tuple[SearchIndex, list[str]]) -> None:
    index, pool = big
    recalls = []
    for _, text, _ in make_queries(pool, 60):
        query = make_query(text)
        sign = prepare_sign(query.normalized)
        found = [f.score for f in index.rank(query, sign)]
        reference = [f.score for f in index.rank(query, sign, exhaustive=True)]
        recalls.append(recall_at(found, reference))
    assert np.mean(recalls) >= 0.97


def test_cross_script_pairs_find_each_other(big: tuple[SearchIndex, list[str]]) -> None:
    index, _ = big
    pairs = cross_script_pairs()
    assert len(pairs) >= 120
    found = sum(
        any(h.id == f"BY502025{i:09d}" for h in index.search_text(a, min_score=0.0))
        for i, (a, _, _) in enumerate(pairs))
    assert found / len(pairs) >= 0.95
