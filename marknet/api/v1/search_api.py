"""``GET /api/v1/search``: every mode and filter of ``marknet search``, hits with ``why``."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Query, Request, Response

from marknet.accounts import Principal
from marknet.api.v1.context import ApiContext, Caller, Ctx
from marknet.api.v1.images_api import search_by_record
from marknet.api.v1.paging import json_response, next_link
from marknet.errors import InputError
from marknet.search import make_query
from marknet.search.query import MAX_QUERY_CHARS, Mode
from marknet.search.visible import search_page

router = APIRouter(tags=["search"])


def _limiter(ctx: ApiContext) -> anyio.CapacityLimiter:
    """Searches are CPU-bound Python: threads running them at once only fight over the GIL
    (measured: no more requests/s with two, a longer tail), so they take turns, one per search
    process when there are some; the other endpoints keep the usual thread pool."""
    found = ctx.extras.get("search_limiter")
    if found is None:
        found = anyio.CapacityLimiter(max(1, ctx.settings.search_workers))
        ctx.extras["search_limiter"] = found
    limiter: anyio.CapacityLimiter = found
    return limiter


def _inline(ctx: ApiContext, caller: Principal, mode: str) -> bool:
    """Answer on the event loop itself: the public's ``similar`` search over a fresh index.

    Such a search reads only the index (never the store, whose lock a writer may hold) and
    costs a few milliseconds of Python under the GIL (under 20 ms for the longest query at a
    million marks). On a worker thread it gains no concurrency and pays ~1 ms in GIL hand-offs
    with the event loop (measured at 1M marks: 193 against 252 cold searches a second in one
    process); ``--processes`` is what runs searches side by side. A stale index (catch-up
    due), a signed-in caller (visibility needs the store) or a literal mode (``contains a``
    scans every name: ~0.1 s) goes to the thread, so the loop is never held long.
    """
    return mode == "similar" and caller.user is None and ctx.searcher.state() is not None


Many = Annotated[list[str], Query(max_length=20)]


@router.get("/search", summary="Search every register the node holds, own and mirrored")
async def search_endpoint(
    request: Request, ctx: Ctx, caller: Caller,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS,
                            description="the sign to search for, in any script")],
    mode: Mode | Literal["image"] = "similar",
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
    if mode == "image":  # q names the record whose image is the query (images_api)
        return search_by_record(ctx, caller, q, limit, vienna, office)
    if not any(ch.isalnum() for ch in q):
        raise InputError("q: type a word or a name to search for")
    query = make_query(q, mode, limit=limit, classes=nice_class,
                       offices=[o for o in office if o.strip()], statuses=status,
                       kind=kind[0] if len(set(kind)) == 1 else None, feature=feature,
                       vienna=vienna, filed_from=filed_from, filed_to=filed_to)
    run = partial(search_page, ctx.searcher, ctx.store, caller, query, offset)
    hits = run() if _inline(ctx, caller, mode) else await anyio.to_thread.run_sync(
        run, limiter=_limiter(ctx))
    return json_response(request, {"query": q, "mode": mode, "limit": limit, "offset": offset,
                                   "hits": hits,
                                   "next": next_link(request, offset, limit, len(hits))})
