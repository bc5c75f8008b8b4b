"""Examination support: a conflict report per goods item against every earlier right the node
holds (its own register, its partners' mirrored registers, GIs/AOs of all of them).

Earlier rights are found by a ``Finder``: ``index_finder(DATA_DIR/index)`` draws candidates from
the node's search index (the CLI and the server use it), ``scan_with_match`` scans the whole
store (small registers, tests). Either way each candidate is scored per goods item with
``marknet.match.compare``, so the report's reasons are the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from marknet.match import Goods, cached_sign, compare
from marknet.model import (
    ENDED,
    CertificateStatus,
    GeographicalIndication,
    PartyRole,
    Record,
    Status,
    Trademark,
    record_from_dict,
)
from marknet.search.query import make_query
from marknet.search.sync import open_index
from marknet.store import Store

GI_CONTAINMENT = 0.8  # a sign that contains a protected GI/AO name conflicts with it (§5)
INDEX_CANDIDATES = 200  # names per verbal element re-scored per goods item


@dataclass(frozen=True, slots=True)
class Conflict:
    earlier_id: str
    office: str
    record_type: str
    text: str
    status: str
    priority_date: str
    score: float
    ground: str
    why: dict[str, dict[str, Any]]
    # Who holds the earlier right: a mark's holders, or a GI's producers with a right in force.
    holders: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoodsItem:
    nice_class: int
    terms: tuple[str, ...] = ()
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ConflictReport:
    record_id: str
    office: str
    generated_on: str
    engine: str
    goods: list[GoodsItem]

    def cited(self) -> set[str]:
        return {c.earlier_id for item in self.goods for c in item.conflicts}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


Finder = Callable[[Store, Record, list[GoodsItem], float], None]



def priority_date(record: Record) -> dt.date:
    return record.priority_date if isinstance(record, Trademark) else record.filing_date


def _texts(record: Record) -> list[str]:
    elements = record.verbal_elements if isinstance(record, Trademark) else record.names
    return [e.text for e in elements if e.text.strip()]


def _goods(record: Record) -> Goods:
    if isinstance(record, GeographicalIndication):
        return Goods(frozenset(record.nice_classes), (record.product,) if record.product else ())
    return Goods(frozenset(record.nice_classes),
                 tuple(t for g in record.goods_services for t in g.terms))


def _earlier(store: Store, record: Record) -> Iterable[Record]:
    """Rights in force or pending, with an earlier priority, in any register the node holds."""
    before = priority_date(record)
    for stored in store.iter_records():
        if stored.id == record.id or Status(stored.status) in ENDED:
            continue
        candidate = record_from_dict(stored.data)
        if priority_date(candidate) < before:
            yield candidate


def _best(texts: list[str], other: Record, goods: Goods) -> Any:
    best = None
    for mine in texts:
        for theirs in _texts(other):
            result = compare(cached_sign(mine), cached_sign(theirs), goods, _goods(other))
            if best is None or result.score > best.score:
                best = result
    return best


def scan_with_match(store: Store, record: Record, items: list[GoodsItem],
                    threshold: float) -> None:
    """Fill each goods item's conflicts by scanning the store (no index)."""
    _score_items(record, _earlier(store, record), items, threshold)


def index_finder(folder: Path, candidates: int = INDEX_CANDIDATES) -> Finder:
    """A finder that takes the best ``candidates`` names of each verbal element from the search
    index (every mode's criteria combined, GIs contained in the sign always included)."""
    def find(store: Store, record: Record, items: list[GoodsItem], threshold: float) -> None:
        index = open_index(folder, store)
        ids: set[str] = set()
        for text in _texts(record):
            query = make_query(text, "similar", limit=candidates, min_score=0.0)
            ids.update(hit.id for hit in index.search(query))
        ids.discard(record.id)
        before = priority_date(record)
        earlier = [r for r in (record_from_dict(s.data) for s in store.get_records(sorted(ids))
                               .values() if Status(s.status) not in ENDED)
                   if priority_date(r) < before]
        _score_items(record, earlier, items, threshold)
    find.__name__ = "search_index"
    return find


def _score_items(record: Record, earlier: Iterable[Record], items: list[GoodsItem],
                 threshold: float) -> None:
    texts = _texts(record)
    if not texts:
        return
    for other in earlier:
        for item in items:
            result = _best(texts, other, Goods(frozenset({item.nice_class}), item.terms))
            if result is None or result.score < threshold:
                continue
            item.conflicts.append(_conflict(other, result))
    for item in items:
        item.conflicts.sort(key=lambda c: (-c.score, c.earlier_id))


def _conflict(other: Record, result: Any) -> Conflict:
    why = {name: c.to_dict(3) for name, c in result.why.items()}
    if isinstance(other, GeographicalIndication):
        contains = result.why.get("containment")
        ground = ("contains a protected GI/AO name for the same kind of goods"
                  if contains is not None and contains.score >= GI_CONTAINMENT
                  else "similar to a protected GI/AO")
    else:
        ground = "identical or confusingly similar to an earlier trademark"
    return Conflict(other.id, other.office, other.record_type.value, _texts(other)[0],
                    other.status.value, priority_date(other).isoformat(),
                    round(result.score, 3), ground, why, _holders(other))


def _holders(other: Record) -> tuple[str, ...]:
    if isinstance(other, GeographicalIndication):
        return tuple(c.producer.name for c in other.certificates
                     if c.status is CertificateStatus.VALID)
    roles = (PartyRole.HOLDER,) if other.status is Status.REGISTERED else (
        PartyRole.HOLDER, PartyRole.APPLICANT)
    return tuple(p.name for p in other.parties if p.role in roles)


FIND_EARLIER_RIGHTS: Finder = scan_with_match


def conflict_report(store: Store, record: Record, office: str, today: dt.date,
                    threshold: float, finder: Finder | None = None) -> ConflictReport:
    """Earlier rights that conflict with ``record``, per goods item, best first."""
    find = finder or FIND_EARLIER_RIGHTS
    if isinstance(record, Trademark):
        items = [GoodsItem(g.nice_class, g.terms) for g in record.goods_services]
    else:
        items = [GoodsItem(c) for c in record.nice_classes]
    find(store, record, items, threshold)
    return ConflictReport(record.id, office, today.isoformat(),
                          getattr(find, "__name__", "search"), items)
