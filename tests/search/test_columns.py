"""The columnar building blocks: blobs of strings and trigram postings."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from marknet.search.columns import Blob, Postings, gram_codes, ranges

WORDS = st.lists(st.text(st.characters(blacklist_characters="\n\x02\x03",
                                       blacklist_categories=["Cs"]), max_size=12), max_size=30)


@given(WORDS)
def test_a_blob_gives_back_every_item(items: list[str]) -> None:
    blob = Blob.of(items)
    assert len(blob) == len(items)
    assert blob.take(np.arange(len(items))) == items
    assert [blob.get(i) for i in range(len(items))] == items
    assert blob.lengths().tolist() == [len(s) for s in items]


def test_find_all_maps_matches_to_items() -> None:
    blob = Blob.of(["лукойл", "кока кола", "кола", "лукойл плюс"])
    assert blob.find_all("\nлукойл\n", 100).tolist() == [0]
    assert blob.find_all("\nлукойл", 100).tolist() == [0, 3]
    assert blob.find_all("кола", 100).tolist() == [1, 2]
    assert blob.find_all("нет", 100).tolist() == []


@given(WORDS)
def test_postings_hold_exactly_the_trigrams_of_each_row(items: list[str]) -> None:
    post = Postings.build(items)
    for row, item in enumerate(items):
        codes = gram_codes(item)
        assert int(post.row_grams[row]) == len(codes)
        assert (post.lookup(codes) == row).sum() == len(codes)


def test_lookup_with_a_cap_keeps_the_rarest_grams() -> None:
    post = Postings.build(["abc", "abd", "abe", "qbx"])
    assert post.lookup(gram_codes("abx"), cap=1).tolist() == [3]
    assert sorted(post.lookup(gram_codes("abx")).tolist()) == [0, 1, 2, 3]


def test_ranges_concatenate_aranges() -> None:
    got = ranges(np.array([0, 5, 9]), np.array([2, 5, 12]))
    assert got.tolist() == [0, 1, 9, 10, 11]
