from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marknet.model import IPType, is_st13, st13


def test_st13_of_a_rospatent_application_drops_the_repeated_year() -> None:
    assert st13("RU", IPType.TRADEMARK, 2020, "2020740504") == "RU502020000740504"


def test_st13_of_a_belarusian_application_with_letters() -> None:
    assert st13("BY", IPType.TRADEMARK, 2016, "a20160002") == "BY502016000000002"


def test_st13_for_a_gi_uses_ip_type_52() -> None:
    assert st13("RU", IPType.GEOGRAPHICAL_INDICATION, 2018, "2018700101") == "RU522018000700101"


def test_a_serial_too_long_for_st13_is_refused() -> None:
    with pytest.raises(ValueError, match=r"does not fit ST\.13"):
        st13("RU", IPType.TRADEMARK, 2020, "12345678901")


@given(serial=st.integers(min_value=1, max_value=999_999_999),
       year=st.integers(min_value=1900, max_value=2099))
def test_st13_is_always_17_characters_and_well_formed(serial: int, year: int) -> None:
    value = st13("BY", IPType.TRADEMARK, year, str(serial))
    assert len(value) == 17
    assert is_st13(value)
    assert value.endswith(str(serial))
