"""Saved searches: a signed-in person keeps a clearance search under a name and opens it again
from a link; the link itself is the search (the language is in it too), so it can be shared.

Only the search form's own parameters are kept, never anything else a URL may carry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from marknet.api.v1.context import get_ctx, page_principal
from marknet.errors import InputError, MarknetError
from marknet.store import Store
from marknet.web.clearance import FIELDS
from marknet.web.render import check_csrf, error_message, need_login, page_url, redirect, render

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form(max_length=2000)]
MAX_SAVED = 200


def search_query(raw: str) -> str:
    """The search parameters of *raw* (a query string), in the form's order, others dropped."""
    given = dict(parse_qsl(raw.lstrip("?"), keep_blank_values=False))
    kept = [(name, given[name][:300]) for name in FIELDS if given.get(name, "").strip()]
    if not any(name == "q" for name, _ in kept):
        raise InputError("q: type a word or a name to search for")
    return urlencode(kept)


def save_search(store: Store, user_id: str, name: str, raw_query: str) -> str:
    query = search_query(raw_query)
    label = " ".join(name.split())[:100] or dict(parse_qsl(query))["q"][:100]
    if store.saved_search_count(user_id) >= MAX_SAVED:
        raise InputError(f"saved: at most {MAX_SAVED} saved searches; delete some first")
    search_id = uuid.uuid4().hex
    with store.transaction():
        store.add_saved_search(search_id, user_id, label, query,
                               dt.datetime.now(dt.UTC).isoformat())
    return search_id


def saved_searches(store: Store, user_id: str) -> list[dict[str, str]]:
    return store.saved_searches(user_id)


@router.get("/searches")
def searches_page(request: Request) -> Response:
    principal = page_principal(request)
    if principal.user is None:
        return need_login(request)
    return _page(request, None)


def _page(request: Request, error: str | None, status: int = 200) -> Response:
    ctx, principal = get_ctx(request), page_principal(request)
    assert principal.user is not None
    return render(request, "searches.html", status=status, error=error,
                  saved=request.query_params.get("done", "") in ("saved", "deleted")
                  and request.query_params["done"],
                  searches=saved_searches(ctx.store, principal.user.id))


@router.post("/searches")
def save_form(request: Request, csrf: Field = "", name: Field = "", query: Field = ""
              ) -> Response:
    principal = page_principal(request)
    check_csrf(request, principal, csrf)
    if principal.user is None:
        return need_login(request)
    try:
        save_search(get_ctx(request).store, principal.user.id, name, query)
    except MarknetError as exc:
        return _page(request, error_message(request, exc), status=exc.http_status)
    return redirect(page_url(request, "/searches?done=saved"))


@router.post("/searches/{search_id}/delete")
def delete_form(request: Request, search_id: str, csrf: Field = "") -> Response:
    principal = page_principal(request)
    check_csrf(request, principal, csrf)
    if principal.user is None:
        return need_login(request)
    store = get_ctx(request).store
    with store.transaction():
        store.delete_saved_search(principal.user.id, search_id)
    return redirect(page_url(request, "/searches?done=deleted"))
