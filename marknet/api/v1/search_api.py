"""``GET /api/v1/search``: every mode and filter of ``marknet search``, hits with ``why``."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Query, Request, Response

from marknet.api.v1.context import Caller, Ctx
from marknet.api.v1.paging import json_response, next_link
from marknet.api.v1.searching import MAX_QUERY, SearchRequest, search

router = APIRouter(tags=["search"])
_LIMITER: list[anyio.CapacityLimiter] = []


def _limiter() -> anyio.CapacityLimiter:
    """Searches are CPU-bound Python: more threads than cores only fight over the GIL, so a
    few run at a time and the rest wait their turn without slowing the ones running."""
    if not _LIMITER:
        _LIMITER.append(anyio.CapacityLimiter(SEARCH_THREADS))
    return _LIMITER[0]

Mode = Literal["similar", "exact", "prefix", "contains", "fuzzy", "phonetic", "translit"]
Many = Annotated[list[str], Query(max_length=20)]
SEARCH_THREADS = 1


@router.get("/search", summary="Search every register the node holds, own and mirrored")
async def search_endpoint(
    request: Request, ctx: Ctx, caller: Caller,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY,
                            description="the sign to search for, in any script")],
    mode: Mode = "similar",
    nice_class: Annotated[list[int], Query(alias="class", max_length=45)] = [],  # noqa: B006
    office: Many = [],  # noqa: B006
    status: Annotated[list[str], Query(max_length=20,
                                       description="a status or pending, in_force, ended")] = [],  # noqa: B006
    kind: Annotated[list[Literal["trademark", "gi"]], Query(max_length=2)] = [],  # noqa: B006
    feature: Annotated[str | None, Query(max_length=40)] = None,
    vienna: Many = [],  # noqa: B006
    filed_from: dt.date | None = None, filed_to: dt.date | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> Response:
    req = SearchRequest(q=q, mode=mode, classes=tuple(nice_class),
                        offices=tuple(o.strip() for o in office if o.strip()),
                        statuses=tuple(status), kinds=tuple(kind),
                        features=(feature,) if feature else (),
                        vienna=tuple(vienna), filed_from=filed_from, filed_to=filed_to,
                        limit=limit, offset=offset)
    hits = await anyio.to_thread.run_sync(partial(search, ctx.node, caller, req, ctx.backend),
                                          limiter=_limiter())
    return json_response(request, {"query": q, "mode": mode, "limit": limit, "offset": offset,
                                   "hits": hits,
                                   "next": next_link(request, offset, limit, len(hits))})
