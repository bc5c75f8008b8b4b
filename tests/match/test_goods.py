"""goods: same class, related classes, shared terms; absent when unknown."""

from __future__ import annotations

import pytest

from marknet.match import Goods, goods, related_classes
from marknet.match.goods import term_similarity


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


def test_alike_terms_across_classes() -> None:
    criterion = goods(g(30, terms=("coffee",)), g(32, terms=("Coffee drinks", "tea drinks")))
    assert criterion is not None
    assert criterion.reason == "terms alike: coffee ~ Coffee drinks"
    assert 0.5 < criterion.score < 0.85


def test_computers_meet_their_repair_in_another_class() -> None:
    criterion = goods(g(9, terms=("computers",)), g(37, terms=("installation and repair of "
                                                               "computers",)))
    assert criterion is not None
    assert criterion.score >= 0.4
    assert criterion.reason == ("terms related: computers ~ installation and repair of "
                                "computers")


def test_same_class_without_alike_terms_is_only_a_hint() -> None:
    bread_coffee = goods(g(30, terms=("bread",)), g(30, terms=("coffee",)))
    assert bread_coffee is not None
    assert bread_coffee.score == 0.55
    assert bread_coffee.reason == "same class 30; terms different: bread / coffee"
    pastries = goods(g(30, terms=("bread",)), g(30, terms=("bread rolls", "pastries")))
    assert pastries is not None
    assert pastries.score > bread_coffee.score


def test_a_term_with_more_words_is_less_alike() -> None:
    tea = goods(g(30, terms=("tea",)), g(30, terms=("tea",)))
    essences = goods(g(30, terms=("tea",)), g(30, terms=("tea essences",)))
    assert tea is not None
    assert essences is not None
    assert tea.score == 1.0 > essences.score


@pytest.mark.parametrize(("russian", "english"), [
    ("моторное топливо", "fuel"), ("Чай", "tea"), ("компьютеры", "computers"),
    ("услуги ресторанов", "restaurant services"), ("Одежда", "clothing")])
def test_russian_terms_meet_english_ones(russian: str, english: str) -> None:
    assert term_similarity(russian, english) >= 0.6
    assert term_similarity(russian, "paper") == 0.0


def test_synonyms_and_inflections_are_one_term() -> None:
    assert term_similarity("automobiles", "cars") == 1.0
    assert term_similarity("spectacles", "eyeglasses") == 1.0
    assert term_similarity("food mixers", "food choppers") == 1.0


def test_absent_when_not_given() -> None:
    assert goods(None, g(9)) is None
    assert goods(g(9), None) is None
    assert goods(g(), g(9)) is None


def test_relations_are_symmetric_pairs() -> None:
    table = related_classes()
    assert all(x < y for x, y in table)
    assert all(0.0 < score <= 1.0 and reason for score, reason in table.values())
