"""Rendering pages: one Jinja2 environment with autoescaping, the visitor's language, the CSRF
token for forms, and the security headers every page carries."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from marknet.accounts.users import Principal
from marknet.api.v1.context import page_principal
from marknet.errors import ForbiddenError, MarknetError
from marknet.images.links import vienna_text
from marknet.web import present
from marknet.web.i18n import (
    LANG_NAMES,
    LANGS,
    local_datetime,
    local_number,
    pick_lang,
    strip_lang,
    translator,
)

CSRF_COOKIE = "marknet_csrf"
# No inline script or style anywhere: a script that slipped past escaping would not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

_ENV = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True)
_ENV.globals["vienna_text"] = vienna_text


def _with_query(request: Request, lang: str | None, **changes: Any) -> str:
    """This page's address with some parameters changed, in ``lang`` (None: no prefix)."""
    params = [(k, v) for k, v in request.query_params.multi_items()
              if k not in changes and k != "lang"]
    params += [(k, v) for k, v in changes.items() if v is not None]
    path = f"/{lang}{request.url.path}" if lang else request.url.path
    return f"{path}?{urlencode(params)}" if params else path


def page_url(request: Request, path: str) -> str:
    """A page's address in the visitor's language (``/ru/search``)."""
    return f"/{pick_lang(request)}{strip_lang(path)[1]}"


def need_login(request: Request) -> Response:
    """To the sign-in page, coming back here afterwards."""
    return redirect(page_url(request, f"/login?next={request.url.path}"))


def error_message(request: Request, exc: MarknetError) -> str:
    lang = pick_lang(request)
    return present.error_text(exc, translator(lang), lang)


def csrf_token(request: Request, principal: Principal) -> str:
    """The token a form must send back: the session's own, or the visitor cookie's."""
    return principal.csrf or request.cookies.get(CSRF_COOKIE) or _new_csrf(request)


def _new_csrf(request: Request) -> str:
    token: str = getattr(request.state, "new_csrf", "") or secrets.token_urlsafe(24)
    request.state.new_csrf = token
    return token


def check_csrf(request: Request, principal: Principal, sent: str) -> None:
    """Refuse a form post whose token does not match (or that comes from another site)."""
    expected = principal.csrf or request.cookies.get(CSRF_COOKIE, "")
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise ForbiddenError("this form was posted from another site")
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise ForbiddenError("the form expired or was not sent by this site; reload and retry")


def render(request: Request, template: str, status: int = 200, **values: Any) -> Response:
    principal: Principal = values.pop("principal", None) or page_principal(request)
    body = render_text(request, template, principal=principal, **values)
    response = HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)
    if getattr(request.state, "new_csrf", None):
        response.set_cookie(CSRF_COOKIE, csrf_token(request, principal), httponly=True,
                            samesite="strict", secure=_secure(request))
    return response


def render_text(request: Request, template: str, **values: Any) -> str:
    """A template rendered in the visitor's language, with the pages' helpers."""
    principal: Principal = values.pop("principal", None) or page_principal(request)
    lang = pick_lang(request)
    t = translator(lang)
    return _ENV.get_template(template).render(
        t=t, lang=lang, langs=LANGS, lang_names=LANG_NAMES, user=principal.user,
        role=principal.role.value, csrf=csrf_token(request, principal),
        path=request.url.path, u=lambda p: f"/{lang}{p}", bare=_with_query(request, None),
        here=_with_query(request, lang),
        with_query=lambda **c: _with_query(request, lang, **c),
        date=present.dates(lang), moment=lambda v: local_datetime(v, lang),
        num=lambda v: local_number(float(v), lang),
        why=lambda value: present.reason(value, t, lang),
        actor=lambda raw, office: present.actor(raw, office, t),
        rule=lambda text: present.deadline_rule(text, lang, t), area_path=present.area_path,
        **values)


def redirect(url: str) -> Response:
    """See other (303): the browser fetches ``url`` with GET (post/redirect/get)."""
    return RedirectResponse(url, status_code=303, headers=SECURITY_HEADERS)


def _secure(request: Request) -> bool:
    return bool(request.app.state.marknet_api.settings.secure_cookies)


def safe_next(value: str | None, default: str = "/search") -> str:
    """A same-site path to go back to (never another host)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value
