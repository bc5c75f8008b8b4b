"""compare: the blend of criteria, weights as data, and speed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marknet.errors import InputError
from marknet.match import Goods, Weights, WeightsError, compare, load_weights, prepare_sign

CLASS_30 = Goods(frozenset({30}))


def test_identical_same_class_scores_high() -> None:
    sign = prepare_sign("Savushkin")
    assessment = compare(sign, sign, CLASS_30, CLASS_30)
    assert assessment.score >= 0.95
    assert set(assessment.why) == {"sound", "sight", "containment", "goods"}


@pytest.mark.parametrize(
    ("a", "b"),
    [("ЛУКОЙЛ", "LUKOIL"), ("Пежо", "Peugeot"), ("LUK0IL", "LUKOIL"), ("Солнце", "Sun"),
     ("LUKOIL PREMIUM", "ЛУКОЙЛ"), ("Криница", "Крыніца")],
)
def test_any_one_criterion_may_suffice(a: str, b: str) -> None:
    assert compare(prepare_sign(a), prepare_sign(b), CLASS_30, CLASS_30).score >= 0.6


@pytest.mark.parametrize(("a", "b"), [("Milka", "Bosch"), ("Apple", "Orange"), ("ЛУКОЙЛ", "Milka")])
def test_unrelated_scores_low(a: str, b: str) -> None:
    assert compare(prepare_sign(a), prepare_sign(b)).score < 0.25


def test_goods_scale_the_verbal_score() -> None:
    a, b = prepare_sign("Bork"), prepare_sign("Bork")
    same = compare(a, b, Goods(frozenset({9})), Goods(frozenset({9}))).score
    related = compare(a, b, Goods(frozenset({9})), Goods(frozenset({42}))).score
    unrelated = compare(a, b, Goods(frozenset({9})), Goods(frozenset({25}))).score
    assert same > related > unrelated > 0.0
    assert "goods" not in compare(a, b).why


def test_weights_are_data(tmp_path: Path) -> None:
    default = load_weights()
    assert default.criteria["sound"] == 1.0
    data = {"criteria": {"sound": 1, "sight": 0, "meaning": 0, "containment": 0},
            "max_share": 0.0, "goods_floor": 0.0}
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(data), "utf-8")
    sound_only = load_weights(path)
    a, b = prepare_sign("LUK0IL"), prepare_sign("LUKOIL")
    assessment = compare(a, b, weights=sound_only)
    assert assessment.score == pytest.approx(assessment.why["sound"].score)


def test_invalid_weights_list_every_problem() -> None:
    with pytest.raises(WeightsError) as caught:
        Weights(criteria={"sound": -1.0, "smell": 1.0}, max_share=2.0)
    problems = caught.value.problems
    assert "unknown criterion 'smell'" in problems
    assert "weight of 'sound' must be >= 0" in problems
    assert "missing weight for 'sight'" in problems
    assert "max_share must be in 0..1" in problems
    assert isinstance(caught.value, InputError)
    with pytest.raises(WeightsError, match="unknown setting 'colour'"):
        Weights.from_dict({"colour": 1})


def test_exact_transliteration_outranks_a_one_letter_neighbour() -> None:
    query = prepare_sign("LUKOIL")
    transliteration = compare(query, prepare_sign("ЛУКОЙЛ")).score
    assert transliteration > compare(query, prepare_sign("LUKOIM")).score
    assert transliteration > compare(query, prepare_sign("LUKOL")).score
    reading = compare(prepare_sign("Schweppes"), prepare_sign("Швепс")).score
    assert reading > compare(prepare_sign("Schweppes"), prepare_sign("Schwepps")).score
