"""goods: same class, related classes, shared terms; absent when unknown."""

from __future__ import annotations

from marknet.match import Goods, goods, related_classes


def g(*classes: int, terms: tuple[str, ...] = ()) -> Goods:
    return Goods(frozenset(classes), terms)


def test_same_class() -> None:
    criterion = goods(g(9), g(9, 42))
    assert criterion is not None
    assert criterion.score == 1.0
    assert criterion.reason == "same class 9"


def test_related_classes() -> None:
    criterion = goods(g(32), g(33))
    assert criterion is not None
    assert criterion.reason == "related classes 32~33: beverages"
    assert 0.5 <= criterion.score < 1.0


def test_retail_relates_to_goods_classes() -> None:
    criterion = goods(g(35), g(30))
    assert criterion is not None
    assert criterion.reason == "related classes 30~35: retail of goods"


def test_unrelated_classes() -> None:
    criterion = goods(g(9), g(25))
    assert criterion is not None
    assert criterion.score == 0.0


def test_shared_terms_across_classes() -> None:
    criterion = goods(g(30, terms=("coffee",)), g(32, terms=("Coffee drinks", "tea drinks")))
    assert criterion is not None
    assert criterion.reason == "shared terms: coffee"
    assert criterion.score == 0.9


def test_same_class_without_shared_terms() -> None:
    criterion = goods(g(30, terms=("bread",)), g(30, terms=("coffee",)))
    assert criterion is not None
    assert criterion.score == 0.9


def test_absent_when_not_given() -> None:
    assert goods(None, g(9)) is None
    assert goods(g(9), None) is None
    assert goods(g(), g(9)) is None


def test_relations_are_symmetric_pairs() -> None:
    table = related_classes()
    assert all(x < y for x, y in table)
    assert all(0.0 < score <= 1.0 and reason for score, reason in table.values())
