"""Properties of the criteria: scores in 0..1 and symmetric verbal criteria."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marknet.match import VERBAL, Goods, compare, prepare_sign

NAMES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["LUKOIL", "ЛУКОЙЛ", "LUK0IL", "Кока-Кола", "Coca-Cola", "Солнце", "Sun",
                     "Пежо", "Peugeot", "Крыніца", "Golden Bear", "Золотой медведь", ""]),
)
CLASSES = st.frozensets(st.integers(min_value=1, max_value=45), max_size=3)


@settings(max_examples=300)
@given(NAMES, NAMES)
def test_scores_in_range_and_symmetric(x: str, y: str) -> None:
    a, b = prepare_sign(x), prepare_sign(y)
    ab, ba = compare(a, b), compare(b, a)
    assert 0.0 <= ab.score <= 1.0
    assert ab.score == ba.score
    for name in VERBAL:
        assert (name in ab.why) == (name in ba.why)
        if name in ab.why:
            assert 0.0 <= ab.why[name].score <= 1.0
            assert ab.why[name].score == ba.why[name].score


@given(NAMES, CLASSES, CLASSES)
def test_goods_keep_scores_in_range(x: str, ca: frozenset[int], cb: frozenset[int]) -> None:
    assessment = compare(prepare_sign(x), prepare_sign("LUKOIL"), Goods(ca), Goods(cb))
    assert 0.0 <= assessment.score <= 1.0
