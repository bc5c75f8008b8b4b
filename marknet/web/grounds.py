"""The grounds for refusal an examiner may cite, per office, each with a catalogue text in
ru, be and en (``ground_<code>``) that names the provision.

RU: Civil Code art. 1483 (absolute grounds p. 1 and 3, earlier marks p. 6, GIs/AOs p. 7,
company names and other earlier rights p. 8). BY: the same grounds; the article numbers of
the Belarusian law are not confirmed here [check], so its texts name the ground, not the
article. An office adds its own grounds here and in the catalogues.
"""

from __future__ import annotations

from collections.abc import Callable

from marknet.errors import InputError

GROUNDS: dict[str, tuple[str, ...]] = {
    "RU": ("ru_1483_1", "ru_1483_3", "ru_1483_6", "ru_1483_7", "ru_1483_8"),
    "BY": ("by_absolute", "by_misleading", "by_earlier_mark", "by_gi", "by_other_right"),
}


def grounds_for(office: str) -> tuple[str, ...]:
    return GROUNDS.get(office.upper(), GROUNDS["RU"])


def grounds_text(office: str, chosen: list[str], own: str, t: Callable[..., str]) -> str:
    """The grounds as recorded: each chosen ground's citable text, then the examiner's own
    reasoning. A code the office does not have is refused, not recorded."""
    known = grounds_for(office)
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise InputError(f"ground: {unknown[0]!r} is not a ground of the {office} office")
    cited = "; ".join(t(f"ground_{c}") for c in dict.fromkeys(chosen))
    return ". ".join(part for part in (cited, own) if part)
