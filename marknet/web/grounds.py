"""The grounds for refusal an examiner may cite, per office and procedure, each with a
catalogue text in ru, be and en (``ground_<code>``).

Trademarks, RU: Civil Code art. 1483 (absolute grounds p. 1 and 3, earlier marks p. 6,
GIs/AOs p. 7, company names and other earlier rights p. 8). BY: the same grounds; the article
numbers of the Belarusian law are not confirmed here [check], so its texts name the ground,
not the article. GIs/AOs (both offices): the grounds are named without article numbers, which
are not confirmed here either [check]. An office adds its own grounds here and in the
catalogues.
"""

from __future__ import annotations

from collections.abc import Callable

from marknet.errors import InputError

GI_GROUNDS = ("gi_not_place", "gi_generic", "gi_misleading", "gi_earlier_mark",
              "gi_no_conclusion")
GROUNDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("RU", "trademark"): ("ru_1483_1", "ru_1483_3", "ru_1483_6", "ru_1483_7", "ru_1483_8"),
    ("BY", "trademark"): ("by_absolute", "by_misleading", "by_earlier_mark", "by_gi",
                          "by_other_right"),
    ("RU", "gi"): GI_GROUNDS,
    ("BY", "gi"): GI_GROUNDS,
}


def grounds_for(office: str, workflow: str = "trademark") -> tuple[str, ...]:
    """The office's grounds for the procedure (a GI's own grounds for a GI application)."""
    kind = "gi" if workflow == "gi" else "trademark"
    return GROUNDS.get((office.upper(), kind), GROUNDS[("RU", kind)])


def grounds_text(office: str, workflow: str, chosen: list[str], own: str,
                 t: Callable[..., str]) -> str:
    """The grounds as recorded: each chosen ground's citable text, then the examiner's own
    reasoning. A code the office does not have is refused, not recorded."""
    known = grounds_for(office, workflow)
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise InputError(f"ground: {unknown[0]!r} is not a ground of the {office} office")
    cited = "; ".join(t(f"ground_{c}") for c in dict.fromkeys(chosen))
    return ". ".join(part for part in (cited, own) if part)
