"""Errors on the pages are pages: in the visitor's language, with the site around them, never
the API's problem JSON (a form posted without its token, a page that does not exist, a
parameter out of range). The API's own paths keep their RFC 9457 problems."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from marknet.errors import InputError, MarknetError
from marknet.web.render import error_message, render

Handler = Callable[[Request, Any], Response | Awaitable[Response]]
_NOT_PAGES = ("/api/", "/exchange/", "/docs", "/redoc", "/openapi", "/healthz", "/static/")
_TITLES = {403: "forbidden", 404: "not_found"}


def is_page(request: Request) -> bool:
    return getattr(request.state, "lang", None) is not None or \
        not request.url.path.startswith(_NOT_PAGES)


async def _api(handler: Handler, request: Request, exc: Exception) -> Response:
    answer = handler(request, exc)
    return await answer if inspect.isawaitable(answer) else answer


def _page(request: Request, status: int, message: str | None) -> Response:
    return render(request, "error.html", status=status,
                  message_key=_TITLES.get(status, "error"), message=message)


def install(app: FastAPI) -> None:
    """Wrap the API's handlers: a page's error becomes a page, an API call's stays a problem."""
    api: dict[Any, Handler] = {kind: app.exception_handlers[kind] for kind in
                               (MarknetError, RequestValidationError, StarletteHTTPException)}

    async def marknet_error(request: Request, exc: MarknetError) -> Response:
        if not is_page(request):
            return await _api(api[MarknetError], request, exc)
        return _page(request, exc.http_status, error_message(request, exc))

    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if not is_page(request):
            return await _api(api[RequestValidationError], request, exc)
        fields = [str(e.get("loc", ("", ""))[-1]) for e in exc.errors()]
        wrong = InputError(f"{fields[0] if fields else 'input'}: invalid",
                           problems=[f"{f}: invalid" for f in fields])
        return _page(request, 400, error_message(request, wrong))

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not is_page(request) or exc.status_code not in (404, 405):
            return await _api(api[StarletteHTTPException], request, exc)
        return _page(request, exc.status_code, None)

    app.add_exception_handler(MarknetError, marknet_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
