"""Signing in and out, and the watches page with its notifications."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from marknet.accounts.users import authenticate, issue_token, revoke_token
from marknet.api.v1.context import SESSION_COOKIE, get_ctx, page_principal
from marknet.api.v1.watches_api import SIGNED_IN, NewWatch, add_watch
from marknet.errors import AuthError, InputError, MarknetError
from marknet.watch.watches import delete_watch, list_notifications, list_watches, mark_seen
from marknet.web.render import (
    check_csrf,
    error_message,
    need_login,
    page_url,
    redirect,
    render,
    safe_next,
)

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form(max_length=1024)]


@router.get("/login")
def login_page(request: Request, next: str = "/search") -> Response:
    return render(request, "login.html", next=safe_next(next), error=None)


@router.post("/login")
def login(request: Request, username: Field = "", password: Field = "", csrf: Field = "",
          next: Field = "/search") -> Response:
    ctx = get_ctx(request)
    check_csrf(request, page_principal(request), csrf)
    try:
        user = authenticate(ctx.store, username, password)
    except AuthError:
        return render(request, "login.html", status=401, next=safe_next(next),
                      error="wrong_login")
    token, _ = issue_token(ctx.store, user, "session",
                           dt.timedelta(hours=ctx.settings.session_hours))
    response = redirect(page_url(request, safe_next(next)))
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=ctx.settings.secure_cookies,
                        max_age=ctx.settings.session_hours * 3600)
    return response


@router.post("/logout")
def logout(request: Request, csrf: Field = "") -> Response:
    check_csrf(request, page_principal(request), csrf)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        revoke_token(get_ctx(request).store, token)
    response = redirect(page_url(request, "/search"))
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/watches")
def watches_page(request: Request) -> Response:
    principal = page_principal(request)
    if principal.user is None:
        return need_login(request)
    return _watches(request, None)


def _watches(request: Request, error: str | None, status: int = 200) -> Response:
    ctx, principal = get_ctx(request), page_principal(request)
    user = principal.require(*SIGNED_IN)
    return render(request, "watches.html", principal=principal, status=status, error=error,
                  watches=list_watches(ctx.store, user.id),
                  notifications=list_notifications(ctx.store, user.id))


@router.post("/watches")
def create_watch_form(request: Request, csrf: Field = "", query: Field = "",
                      record_id: Field = "", classes: Field = "", threshold: Field = "",
                      webhook_url: Field = "") -> Response:
    principal = page_principal(request)
    check_csrf(request, principal, csrf)
    if principal.user is None:
        return need_login(request)
    try:
        body = NewWatch(query=query or None, record_id=record_id or None,
                        classes=[int(c) for c in re.findall(r"\d+", classes)[:45]],
                        threshold=float(threshold) if threshold.strip() else None,
                        webhook_url=webhook_url or None)
        add_watch(get_ctx(request), principal, body)
    except (MarknetError, ValueError) as exc:
        message = error_message(request, exc if isinstance(exc, MarknetError) else
                                InputError("threshold: 0.1 to 1"))
        return _watches(request, message, status=400)
    return redirect(page_url(request, "/watches"))


@router.post("/watches/{watch_id}/delete")
def delete_watch_form(request: Request, watch_id: str, csrf: Field = "") -> Response:
    principal = page_principal(request)
    check_csrf(request, principal, csrf)
    user = principal.require(*SIGNED_IN)
    delete_watch(get_ctx(request).store, user.id, watch_id)
    return redirect(page_url(request, "/watches"))


@router.post("/notifications/{notification_id}/seen")
def seen_form(request: Request, notification_id: str, csrf: Field = "") -> Response:
    principal = page_principal(request)
    check_csrf(request, principal, csrf)
    user = principal.require(*SIGNED_IN)
    mark_seen(get_ctx(request).store, user.id, notification_id)
    return redirect(page_url(request, "/watches"))
