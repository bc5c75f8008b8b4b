"""What ``marknet bench api`` asks: queries as users type them, recurring by Zipf's law."""

from __future__ import annotations

from collections import Counter

from marknet.bench.api_bench import QUERIES, query_pool, zipf_order


def test_the_pool_is_distinct_and_starts_with_the_hand_picked_queries() -> None:
    pool = query_pool(300)
    assert len(pool) == len(set(pool)) == 300
    assert pool[: len(QUERIES)] == list(QUERIES)
    assert pool == query_pool(300)  # the same for the same seed
    assert any(text.isascii() for text in pool[len(QUERIES):])
    assert any(not text.isascii() for text in pool[len(QUERIES):])


def test_popular_queries_recur_as_zipf_says() -> None:
    order = zipf_order(1000, 50_000)
    counts = Counter(order)
    assert order == zipf_order(1000, 50_000)
    assert counts.most_common(1)[0][0] == 0
    # Rank 1 is asked about twice as often as rank 2 and ten times as often as rank 10.
    assert 1.6 < counts[0] / counts[1] < 2.5
    assert 7 < counts[0] / counts[9] < 14
    assert len(counts) > 600  # the long tail is asked too
