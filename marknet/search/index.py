"""The search index: segments of names and records, queried in every mode, every hit explained.

A ``SearchIndex`` holds a base segment (built from every record the node holds: its own register
and the partners' mirrors) and at most one small delta segment of records added or changed
since; the base rows a delta replaces are hidden. ``search`` runs the query's mode over every
segment, keeps the best records that pass the filters, adds every GI whose name the query
contains for the same or related goods (always reported), and explains each hit with
``marknet.match.compare``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from marknet.match import (
    Assessment,
    Criterion,
    Goods,
    Sign,
    cached_sign,
    compare_verbal,
    prepare_sign,
    related_classes,
    with_goods,
)
from marknet.search.candidates import Budget
from marknet.search.filters import FilterMasks
from marknet.search.modes import match_names
from marknet.search.query import Filters, Query, make_query
from marknet.search.ranking import top_records
from marknet.search.records import FEATURES, KINDS, STATUSES, RecordColumns
from marknet.search.scoring import QuerySign
from marknet.search.segment import Segment

__all__ = ["Hit", "SearchIndex"]



@dataclass(frozen=True, slots=True)
class Hit:
    """One record found, with the verbal element that matched and why."""

    id: str
    office: str
    register: str
    kind: str
    text: str
    score: float
    nice_classes: tuple[int, ...]
    status: str
    feature: str | None
    filing_date: str | None
    why: dict[str, Criterion]
    published: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "office": self.office, "register": self.register, "kind": self.kind,
            "text": self.text, "score": round(self.score, 4),
            "nice_classes": list(self.nice_classes), "status": self.status,
            "feature": self.feature, "filing_date": self.filing_date,
            "published": self.published,
            "why": {name: c.to_dict() for name, c in self.why.items()},
        }


@dataclass(frozen=True, slots=True)
class _Found:
    score: float
    segment: int
    record: int
    element: int
    forced: str | None = None
    exact: int = 3


class SearchIndex:
    """Segments plus the register positions (per-register seq) they reflect."""

    def __init__(self, segments: list[Segment], seqs: Mapping[str, int] | None = None) -> None:
        self.segments = segments
        self.seqs: dict[str, int] = dict(seqs or {})
        self.masks = FilterMasks()
        self._gis: list[tuple[int, int, int, Sign]] | None = None

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]],
                     workers: int | None = None) -> SearchIndex:
        """Build an in-memory index from record mappings (canonical or generator form)."""
        columns = RecordColumns()
        for data in records:
            columns.add(data)
        return cls([Segment.build(columns, workers)])

    @property
    def size(self) -> int:
        return sum(int(seg.alive.sum()) for seg in self.segments)

    def warm(self, filters: Iterable[Filters] = ()) -> None:
        """Do now what the first searches would otherwise do: split every segment's strings,
        and compute the masks of *filters* (~30 ms each at a million marks)."""
        for seg in self.segments:
            seg.warm()
            for f in filters:
                self.masks.get(seg, f)

    def changed(self) -> None:
        """Forget cached masks and GI signs after segments or ``alive`` flags changed."""
        self.masks.clear()
        self._gis = None

    # -- searching ---------------------------------------------------------------------------
    def search_text(self, text: str, mode: str = "similar", limit: int = 10,
                    **filters: Any) -> list[Hit]:
        """Validate and run one query (see ``marknet.search.query.make_filters``)."""
        return self.search(make_query(text, mode, limit=limit, **filters))

    def search(self, query: Query, budget: Budget | None = None) -> list[Hit]:
        sign = cached_sign(query.normalized)
        found = self.rank(query, sign, budget)
        goods = Goods(query.filters.classes) if query.filters.classes else None
        # Hits share texts (one name, many marks): each text is explained once per query.
        explained: dict[str, tuple[Sign, Assessment]] = {}
        hits = [self._hit(query, sign, goods, f, explained) for f in found]
        return sorted(hits, key=lambda h: -h.score)

    def rank(self, query: Query, sign: Sign, budget: Budget | None = None,
             exhaustive: bool = False) -> list[_Found]:
        """The best records, best first; *exhaustive* scores every name (for recall checks)."""
        q = QuerySign.of(sign)
        goods = Goods(query.filters.classes) if query.filters.classes else None
        found: list[_Found] = []
        for i, seg in enumerate(self.segments):
            _, elements, names_ok = self.masks.get(seg, query.filters)
            allowed = None if query.filters.empty else names_ok
            matches = match_names(query.mode, q, seg, allowed, budget, exhaustive)
            similar = query.mode == "similar"
            ranked = top_records(q, seg, matches, elements, goods if similar else None,
                                 query.limit, query.min_score if similar else 0.0)
            found += [_Found(float(s), i, int(r), int(e), exact=int(x)) for r, s, e, x in zip(
                ranked.records, ranked.scores, ranked.elements, ranked.exact, strict=True)]
        found.sort(key=self._order)
        gis = self._contained_gis(query, sign)
        found = [_Found(f.score, f.segment, f.record, f.element,
                        gis.pop((f.segment, f.record), (None, 0))[0], f.exact)
                 for f in found[: query.limit]]
        return found + [_Found(0.0, s, r, e, forced=why) for (s, r), (why, e) in gis.items()]

    def _order(self, f: _Found) -> tuple[float, int, str, int, bytes]:
        """Best first; ties: the more exact name, then register, filing date and id."""
        seg = self.segments[f.segment]
        return (-f.score, f.exact, seg.registers[int(seg.rec_register[f.record])],
                int(seg.rec_filed[f.record]), seg.rec_id[f.record])

    # -- the GI rule -------------------------------------------------------------------------
    def _gi_signs(self) -> list[tuple[int, int, int, Sign]]:
        if self._gis is None:
            self._gis = []
            for i, seg in enumerate(self.segments):
                gi_rows = np.flatnonzero((seg.rec_kind == KINDS.index("gi")) & seg.alive)
                if not len(gi_rows):
                    continue
                elements = np.flatnonzero(np.isin(seg.elem_record, gi_rows))
                for e in elements.tolist():
                    record = int(seg.elem_record[e])
                    self._gis.append((i, record, e, prepare_sign(seg.elem_text.get(e))))
        return self._gis

    def _contained_gis(self, query: Query, sign: Sign) -> dict[tuple[int, int], tuple[str, int]]:
        """GIs whose name the query contains, for the same or related goods: always reported.

        Keyed by (segment, record), the value is (goods reason, element); the class filter
        gives way to related classes here, every other filter still applies.
        """
        no_class = replace(query.filters, classes=frozenset())
        out: dict[tuple[int, int], tuple[str, int]] = {}
        for seg_i, record, element, gi in self._gi_signs():
            if (seg_i, record) in out or not _inside(gi, sign):
                continue
            seg = self.segments[seg_i]
            goods = _goods_relation(query.filters.classes, _classes(int(seg.rec_classes[record])))
            if goods is not None and self.masks.get(seg, no_class)[0][record]:
                out[(seg_i, record)] = (goods, element)
        return out

    # -- explaining --------------------------------------------------------------------------
    def _hit(self, query: Query, sign: Sign, goods: Goods | None, f: _Found,
             explained: dict[str, tuple[Sign, Assessment]]) -> Hit:
        seg = self.segments[f.segment]
        r = f.record
        text = seg.elem_text.get(f.element)
        known = explained.get(text)
        if known is None:
            other = seg.element_sign(f.element)
            known = explained[text] = (other, compare_verbal(sign, other))
        other, verbal = known
        classes = _classes(int(seg.rec_classes[r]))
        assessment = with_goods(verbal, goods, Goods(frozenset(classes)) if classes else None)
        why = assessment.why
        score = assessment.score if query.mode == "similar" or f.forced else f.score
        if query.mode != "similar" and f.forced is None:
            why = {query.mode: Criterion.coded(round(f.score, 4), f"mode_{query.mode}",
                                               a=sign.display, b=other.display), **why}
        if f.forced is not None:
            why = {"gi": Criterion.coded(1.0, "gi_contained", a=other.display,
                                         goods=f.forced), **why}
        filed = int(seg.rec_filed[r])
        feature = FEATURES[int(seg.rec_feature[r])]
        return Hit(
            id=seg.rec_id[r].decode(), office=seg.offices[int(seg.rec_office[r])],
            register=seg.registers[int(seg.rec_register[r])],
            kind=KINDS[int(seg.rec_kind[r])], text=text, score=score,
            nice_classes=tuple(classes), status=STATUSES[int(seg.rec_status[r])],
            feature=feature or None,
            filing_date=dt.date.fromordinal(filed).isoformat() if filed else None, why=why,
            published=bool(seg.rec_published[r]))


def _classes(mask: int) -> list[int]:
    return [c for c in range(1, 46) if mask >> c & 1]


def _inside(gi: Sign, query: Sign) -> bool:
    """The GI's words as a run inside the query's (any script), or glued into one word."""
    words, inside = gi.latin_tokens, query.latin_tokens
    if words and any(inside[i : i + len(words)] == words
                     for i in range(len(inside) - len(words) + 1)):
        return True
    compact = gi.variants[0]
    return len(compact) >= 5 and compact in query.variants[0]


def _goods_relation(query_classes: frozenset[int], gi_classes: list[int]) -> str | None:
    """Why the GI's goods matter for the query's, or None when they are unrelated."""
    if not query_classes or not gi_classes:
        return "goods not compared: " + ("no classes given" if not query_classes
                                         else "the GI names no class")
    same = sorted(query_classes & set(gi_classes))
    if same:
        return f"same class {same[0]}"
    table = related_classes()
    for x in sorted(query_classes):
        for y in gi_classes:
            relation = table.get((min(x, y), max(x, y)))
            if relation and relation[0] > 0:
                return f"related classes {min(x, y)}~{max(x, y)}: {relation[1]}"
    return None
