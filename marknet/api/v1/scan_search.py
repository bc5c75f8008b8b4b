"""The search backend without an index: scan every stored record, score it with the same
criteria the index uses (``marknet.match``), explain every hit. Linear in the register's size,
so it serves small nodes and tests; large nodes use the search package's index.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping
from typing import Any

from rapidfuzz import fuzz

from marknet.api.v1.access import is_published
from marknet.api.v1.searching import SearchRequest
from marknet.match import Goods, Sign, cached_sign, compare
from marknet.node import Node

SIMILAR_FLOOR = 0.5
FUZZY_FLOOR = 0.75



def texts_of(data: Mapping[str, Any]) -> list[str]:
    """Every verbal form of a record: elements (or GI names) and their transliterations."""
    out: list[str] = []
    for element in data.get("verbal_elements") or data.get("names") or []:
        for key in ("text", "transliteration"):
            value = element.get(key)
            if isinstance(value, str) and value.strip() and value not in out:
                out.append(value)
    return out


def classes_of(data: Mapping[str, Any]) -> list[int]:
    if data.get("record_type") == "gi":
        return [data["nice_class"]] if data.get("nice_class") else []
    return sorted({int(g["nice_class"]) for g in data.get("goods_services", [])})


def _passes(req: SearchRequest, data: Mapping[str, Any]) -> bool:
    kind = data.get("record_type", "trademark")
    vienna = {c for image in data.get("images", []) for c in image.get("vienna_codes", [])}
    filed = str(data.get("filing_date", ""))
    return not (
        (req.offices and data.get("office") not in req.offices)
        or (req.statuses and data.get("status") not in req.statuses)
        or (req.kinds and kind not in req.kinds)
        or (req.classes and not set(req.classes) & set(classes_of(data)))
        or (req.features and data.get("feature") not in req.features)
        or (req.vienna and not set(req.vienna) & vienna)
        or (req.filed_from and filed < req.filed_from.isoformat())
        or (req.filed_to and filed > req.filed_to.isoformat())
        or (req.public and not is_published(data)))


def _why(name: str, score: float, reason: str) -> dict[str, dict[str, Any]]:
    return {name: {"score": round(score, 3), "reason": reason}}


def _match(req: SearchRequest, q: Sign, text: str,
           goods: Goods | None, theirs: Goods) -> tuple[float, dict[str, Any]] | None:
    mode, mine, other = req.mode, q.keys.normalized, cached_sign(text)
    theirs_norm = other.keys.normalized
    if mode == "similar":
        result = compare(q, other, goods, theirs if goods else None)
        if result.score < SIMILAR_FLOOR:
            return None
        return result.score, {k: {"score": round(c.score, 3), "reason": c.reason}
                              for k, c in result.why.items()}
    if mode == "exact" and (mine == theirs_norm or q.skeleton == other.skeleton):
        return 1.0, _why("exact", 1.0, f"same text: {text}")
    if mode == "prefix" and (theirs_norm.startswith(mine) or other.variants[0].startswith(
            q.variants[0])):
        return 1.0, _why("prefix", 1.0, f"{text} starts with {req.q}")
    if mode == "contains" and (mine in theirs_norm or q.variants[0] in other.variants[0]):
        return 1.0, _why("contains", 1.0, f"{text} contains {req.q}")
    if mode == "fuzzy":
        score = fuzz.ratio(q.variants[0], other.variants[0]) / 100
        if score >= FUZZY_FLOOR:
            return score, _why("fuzzy", score, f"spelled alike: {req.q} ~ {text}")
    if mode == "phonetic" and set(q.phonetics) & set(other.phonetics):
        return 1.0, _why("phonetic", 1.0, f"sounds alike: {req.q} ~ {text}")
    if mode == "translit" and set(q.variants) & set(other.variants):
        return 1.0, _why("translit", 1.0, f"same letters in another script: {req.q} ~ {text}")
    return None


def _candidates(node: Node, req: SearchRequest) -> Iterator[tuple[Mapping[str, Any], str]]:
    for stored in node.store.iter_records():
        if _passes(req, stored.data):
            yield stored.data, stored.register


def scan(node: Node, req: SearchRequest, n: int) -> list[dict[str, Any]]:
    q = cached_sign(req.q)
    goods = Goods(frozenset(req.classes)) if req.classes else None
    best: list[tuple[float, str, dict[str, Any]]] = []
    for data, register in _candidates(node, req):
        theirs = Goods(frozenset(classes_of(data)))
        top: tuple[float, dict[str, Any], str] | None = None
        for text in texts_of(data):
            found = _match(req, q, text, goods, theirs)
            if found is not None and (top is None or found[0] > top[0]):
                top = (found[0], found[1], text)
        if top is not None:
            hit = _hit(data, register, *top)
            item = (hit["score"], hit["id"], hit)
            if len(best) < n:
                heapq.heappush(best, item)
            else:
                heapq.heappushpop(best, item)
    return [h for _, _, h in sorted(best, key=lambda x: (-x[0], x[1]))]


def _hit(data: Mapping[str, Any], register: str, score: float, why: dict[str, Any],
         matched: str) -> dict[str, Any]:
    texts = texts_of(data)
    return {"id": data["id"], "office": data["office"], "register": register,
            "record_type": data.get("record_type", "trademark"),
            "text": texts[0] if texts else "", "matched": matched,
            "score": round(score, 3), "nice_classes": classes_of(data),
            "status": data["status"], "feature": data.get("feature"),
            "filing_date": data.get("filing_date"),
            "publications": data.get("publications", []),
            "registration_number": data.get("registration_number"),
            "why": why}
