"""Public pages: search, a record with its history and deadlines, the GI register, the
publications bulletin, and the language switch."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from marknet.accounts.access import visible_record
from marknet.api.v1.context import get_ctx, page_principal
from marknet.api.v1.publications import bulletin, bulletin_dates
from marknet.api.v1.records import event_dict, list_records
from marknet.errors import NotFoundError
from marknet.model.accessors import classes_of, texts_of
from marknet.model.codelists import is_office_code
from marknet.procedure.store import ProcedureStore
from marknet.search import MODES
from marknet.web.i18n import LANG_COOKIE, LANGS, strip_lang
from marknet.web.present import certificate_status
from marknet.web.render import page_url, redirect, render, safe_next

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=300)]
PAGE = 20


def _offices(request: Request) -> list[str]:
    return sorted({h.register for h in get_ctx(request).store.heads()})


@router.get("/")
def home(request: Request) -> Response:
    return redirect(page_url(request, "/search"))


def record_view(request: Request, record_id: str) -> dict[str, Any]:
    ctx, principal = get_ctx(request), page_principal(request)
    stored = visible_record(ctx.store, principal, record_id)
    db = ProcedureStore(ctx.store)
    events = [event_dict(e) for e in ctx.store.record_events(stored.id)]
    today = ctx.today()
    return {"principal": principal, "record": stored.data, "register": stored.register,
            "texts": texts_of(stored.data), "classes": classes_of(stored.data),
            "events": events, "deadlines": [d.to_dict() for d in
                                            db.deadlines(status=None, record_id=stored.id)],
            # A partner's deadlines stay in its own procedure: its feed carries events only.
            "mirrored": stored.register != ctx.node.office,
            "cert_status": lambda cert: certificate_status(cert, today),
            "decisions": db.decisions(stored.id) if principal.user else []}


@router.get("/records/{record_id}")
def record_page(request: Request, record_id: str) -> Response:
    try:
        view = record_view(request, record_id)
    except NotFoundError:
        return render(request, "error.html", status=404, message_key="not_found")
    return render(request, "record.html", **view)


@router.get("/gis")
def gi_page(request: Request, office: Text = "",
            page: Annotated[int, Query(ge=1, le=1000)] = 1) -> Response:
    ctx, principal = get_ctx(request), page_principal(request)
    code = office.upper() if is_office_code(office.upper()) else None
    rows = list_records(ctx.store, principal, office=code, status=None, record_type="gi",
                        sort="id", limit=PAGE, offset=(page - 1) * PAGE)
    stored = ctx.store.get_records([r["id"] for r in rows])
    items = [{**r, "data": stored[r["id"]].data} for r in rows]
    today = ctx.today()
    return render(request, "gis.html", principal=principal, items=items, office=code or "",
                  offices=_offices(request), page=page, more=len(items) == PAGE,
                  cert_status=lambda cert: certificate_status(cert, today))


@router.get("/publications")
def publications_page(request: Request, office: Text = "", date: Text = "") -> Response:
    ctx = get_ctx(request)
    offices = _offices(request)
    code = office.upper() if office.upper() in offices else (
        ctx.node.office if ctx.node.office in offices else (offices[0] if offices else ""))
    dates = bulletin_dates(ctx.store, code) if code else []
    try:
        day = dt.date.fromisoformat(date) if date else (
            dt.date.fromisoformat(dates[0]) if dates else ctx.today())
    except ValueError:
        day = ctx.today()
    data = bulletin(ctx.store, code, day) if code else {}
    return render(request, "publications.html", office=code, offices=offices, dates=dates,
                  day=day.isoformat(), bulletin=data)


@router.get("/lang/{code}")
def switch_language(code: str, next: Annotated[str, Query(max_length=2000)] = "/search",
                    ) -> Response:
    """Open ``next`` in language ``code`` and remember the choice for unprefixed addresses."""
    _, target = strip_lang(safe_next(next))
    if code not in LANGS:
        return redirect(target)
    response = redirect(f"/{code}{target}")
    response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax")
    return response


@router.get("/help")
def help_page(request: Request) -> Response:
    return render(request, "help.html", modes=MODES)
