"""Search as the API and the pages call it: one request shape, every mode and filter of
``marknet search``, hits shaped as its JSON output (``id, office, text, score, nice_classes,
status, why`` and more), filtered by what the caller may see.

The hits come from the node's search index (``marknet.search``, see ``index_backend``); a scan of
the store scored with ``marknet.match`` stands in where no index is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from marknet.api.v1.access import filter_visible, is_published
from marknet.api.v1.auth import Principal, Role
from marknet.errors import InputError
from marknet.model import STATUS_GROUPS, Status
from marknet.node import Node

MODES = ("similar", "exact", "prefix", "contains", "fuzzy", "phonetic", "translit")
KINDS = ("trademark", "gi")
MAX_QUERY = 200


@dataclass(frozen=True, slots=True)
class SearchRequest:
    q: str
    mode: str = "similar"
    classes: tuple[int, ...] = ()
    offices: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    vienna: tuple[str, ...] = ()
    filed_from: dt.date | None = None
    filed_to: dt.date | None = None
    limit: int = 20
    offset: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    public: bool = False  # only what the public may see (``access.is_published``)


# A backend returns the best ``n`` hits for a request, best first.
Backend = Callable[[Node, SearchRequest, int], list[dict[str, Any]]]


def check_request(req: SearchRequest) -> SearchRequest:
    """Reject what cannot be searched, naming the parameter."""
    text = " ".join(req.q.split())
    if not text or not any(ch.isalnum() for ch in text):
        raise InputError("q: type a word or a name to search for")
    if len(text) > MAX_QUERY:
        raise InputError(f"q: at most {MAX_QUERY} characters")
    if req.mode not in MODES:
        raise InputError(f"mode must be one of {', '.join(MODES)}, not {req.mode!r}")
    bad = [c for c in req.classes if not 1 <= c <= 45]
    if bad:
        raise InputError(f"class must be a Nice class 1-45, not {bad[0]}")
    for kind in req.kinds:
        if kind not in KINDS:
            raise InputError(f"kind must be trademark or gi, not {kind!r}")
    statuses = set(expand_statuses(req.statuses))
    return SearchRequest(text, req.mode, req.classes, tuple(o.upper() for o in req.offices),
                         tuple(sorted(statuses)), req.kinds, req.features, req.vienna,
                         req.filed_from, req.filed_to, req.limit, req.offset, req.extra,
                         req.public)


def expand_statuses(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for value in values:
        key = value.strip().lower()
        if key in STATUS_GROUPS:
            out += [s.value for s in STATUS_GROUPS[key]]
        elif key in {s.value for s in Status}:
            out.append(key)
        else:
            groups = ", ".join([*STATUS_GROUPS, *(s.value for s in Status)])
            raise InputError(f"status must be one of {groups}, not {value!r}")
    return out


def search(node: Node, principal: Principal, req: SearchRequest,
           backend: Backend | None = None) -> list[dict[str, Any]]:
    """One page of hits the principal may see, best first."""
    req = check_request(req)
    run = backend or default_backend()
    wanted = req.offset + req.limit
    if principal.role is Role.PUBLIC:
        # Applications before publication are never public: the ranking itself leaves them
        # out, so the page is full without asking for spare hits.
        req = replace(req, public=True)
        ask = wanted
    else:
        ask = wanted * 2 + 10  # hidden hits are dropped after ranking
    hits = run(node, req, ask)
    if principal.role is not Role.ADMIN:
        hits = _visible_hits(node, principal, hits)
    return hits[req.offset:wanted]


def _visible_hits(node: Node, principal: Principal,
                  hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if principal.user is None and all("published" in h for h in hits):
        # The index says whether each was ever published: the public needs no store lookup.
        return [h for h in hits if is_published(h) or h["published"]]
    unsure = [h["id"] for h in hits if not is_published(h)]
    if not unsure:
        return hits
    stored = node.store.get_records(unsure)
    allowed = {r.id for r in filter_visible(node.store, principal, list(stored.values()))}
    return [h for h in hits if is_published(h) or h["id"] in allowed]


def default_backend() -> Backend:
    """Without a node's index (``mount`` gives every app its own), scan the store."""
    from marknet.api.v1.scan_search import scan

    return scan
