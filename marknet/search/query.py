"""What a search asks: the text, the mode and the filters, validated once, all at once.

Every problem a user can cause (an unknown mode or status, class 99, a date that is not a date,
a query without a letter) raises ``marknet.errors.InputError`` listing all of them, so the CLI
prints one line and exits 2. A very long query is cut to ``MAX_QUERY_CHARS`` at a word boundary
(no mark is that long, and the cut keeps every query fast); ``Query.truncated`` says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

from marknet.errors import InputError
from marknet.model import STATUS_GROUPS, MarkFeature, Status
from marknet.model.codelists import is_office_code
from marknet.model.validate import vienna_problem
from marknet.search.records import KINDS
from marknet.text import normalize

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "MAX_QUERY_CHARS", "MIN_SCORE", "MODES", "Filters", "Mode",
           "Query", "make_filters", "make_query"]

# The search modes, listed here only (``modes.py`` says what each does).
Mode = Literal["similar", "exact", "prefix", "contains", "fuzzy", "phonetic", "translit"]
MODES: tuple[str, ...] = get_args(Mode)
MAX_QUERY_CHARS = 200
# Below this combined score every criterion calls the pair different ("sounds different" is
# under 0.5): such records are noise, not earlier rights, and ``similar`` leaves them out.
MIN_SCORE = 0.5
DEFAULT_LIMIT = 10
MAX_LIMIT = 1000
# The EAEU members' offices first, then others whose registers a node may mirror or import.
OFFICE_EXAMPLES = "RU, BY, KZ, AM, KG, EM, WO"


@dataclass(frozen=True, slots=True)
class Filters:
    """Record filters; an empty field does not filter. Classes are Nice classes 1..45.

    ``public`` keeps what the public may see: records in a status reached only through
    publication, and refused or withdrawn ones that had been published.
    """

    offices: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    classes: frozenset[int] = frozenset()
    kind: str | None = None
    feature: str | None = None
    filed_from: dt.date | None = None
    filed_to: dt.date | None = None
    vienna: tuple[str, ...] = ()
    public: bool = False

    @property
    def empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    normalized: str
    mode: str = "similar"
    filters: Filters = field(default_factory=Filters)
    limit: int = DEFAULT_LIMIT
    truncated: bool = False
    min_score: float = MIN_SCORE


def _statuses(values: Iterable[str], problems: list[str]) -> frozenset[str]:
    known = {s.value for s in Status}
    out: set[str] = set()
    for value in values:
        key = value.strip().lower()
        if key in STATUS_GROUPS:
            out |= {s.value for s in STATUS_GROUPS[key]}
        elif key in known:
            out.add(key)
        else:
            problems.append(f"unknown status {value!r} (known: {', '.join(sorted(known))}; "
                            f"groups: {', '.join(STATUS_GROUPS)})")
    return frozenset(out)


def _feature(value: str | None, problems: list[str]) -> str | None:
    if value is None:
        return None
    for feature in MarkFeature:
        if feature.value.lower() == value.strip().lower():
            return feature.value
    problems.append(f"unknown feature {value!r} (known: {', '.join(f.value for f in MarkFeature)})")
    return None


def _date(value: dt.date | str | None, label: str, problems: list[str]) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f"{label} must be a date YYYY-MM-DD, not {value!r}")
        return None


def make_filters(offices: Iterable[str] = (), statuses: Iterable[str] = (),
                 classes: Iterable[int] = (), kind: str | None = None,
                 feature: str | None = None, filed_from: dt.date | str | None = None,
                 filed_to: dt.date | str | None = None, vienna: Iterable[str] = (),
                 public: bool = False, problems: list[str] | None = None) -> Filters:
    """Validate filter values; problems are appended to *problems* (raised when not given)."""
    found: list[str] = [] if problems is None else problems
    office_set = frozenset(o.strip().upper() for o in offices)
    found += [f"office must be an ST.3 office code ({OFFICE_EXAMPLES}…), not {o!r}"
              for o in sorted(office_set) if not is_office_code(o)]
    class_set = frozenset(int(c) for c in classes)
    found += [f"Nice class must be 1..45, not {c}" for c in sorted(class_set) if not 1 <= c <= 45]
    if kind is not None and kind.strip().lower() not in KINDS:
        found.append(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    codes = tuple(v.strip() for v in vienna)
    found += [problem for problem in map(vienna_problem, codes) if problem]
    filters = Filters(
        offices=office_set, statuses=_statuses(statuses, found), classes=class_set,
        kind=kind.strip().lower() if kind else None, feature=_feature(feature, found),
        filed_from=_date(filed_from, "--filed-from", found),
        filed_to=_date(filed_to, "--filed-to", found), vienna=codes, public=public)
    if filters.filed_from and filters.filed_to and filters.filed_from > filters.filed_to:
        found.append("--filed-from is after --filed-to")
    if problems is None and found:
        raise InputError("; ".join(found), problems=found)
    return filters


def make_query(text: str, mode: str = "similar", filters: Filters | None = None,
               limit: int = DEFAULT_LIMIT, min_score: float = MIN_SCORE,
               **filter_values: object) -> Query:
    """Validate a whole search request; raise InputError listing every problem."""
    problems: list[str] = []
    if mode not in MODES:
        problems.append(f"unknown mode {mode!r} (modes: {', '.join(MODES)})")
    if not 1 <= limit <= MAX_LIMIT:
        problems.append(f"limit must be 1..{MAX_LIMIT}, not {limit}")
    if not 0.0 <= min_score <= 1.0:
        problems.append(f"min score must be 0..1, not {min_score}")
    if filters is None:
        filters = make_filters(problems=problems, **filter_values)  # type: ignore[arg-type]
    normalized, truncated = _clean(text, problems)
    if problems:
        raise InputError("; ".join(problems), problems=problems)
    return Query(text=text, normalized=normalized, mode=mode, filters=filters, limit=limit,
                 truncated=truncated, min_score=min_score)


def _clean(text: str, problems: list[str]) -> tuple[str, bool]:
    if not text or not text.strip():
        problems.append("empty query")
        return "", False
    # Cut before normalising too: NFKC over 10,000 characters is wasted work.
    head = text[: MAX_QUERY_CHARS * 4]
    normalized = normalize(head)
    truncated = len(head) < len(text) or len(normalized) > MAX_QUERY_CHARS
    if len(normalized) > MAX_QUERY_CHARS:
        cut = normalized[:MAX_QUERY_CHARS]
        normalized = cut.rsplit(" ", 1)[0] if " " in cut else cut
    if not normalized:
        problems.append("the query has no letters or digits")
    return normalized, truncated
