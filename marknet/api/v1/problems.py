"""Errors as RFC 9457 problem details: every failure is JSON with a stable ``code``.

``MarknetError`` subclasses carry their HTTP status and code; FastAPI's own validation errors
and Starlette's HTTP errors are translated to the same shape, so clients parse one format.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from marknet.errors import MarknetError

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger("marknet.api")

_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
           405: "Method not allowed", 409: "Conflict", 413: "Content too large",
           415: "Unsupported media type", 422: "Unprocessable content",
           429: "Too many requests", 500: "Internal server error", 503: "Service unavailable"}
_CODES = {401: "unauthenticated", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
          429: "rate_limited"}


class Problem(BaseModel):
    """RFC 9457 problem details, with marknet's stable ``code``."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


def problem(status: int, code: str, detail: str, instance: str | None = None,
            errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    body = Problem(type=f"urn:marknet:problem:{code}", title=_TITLES.get(status, "Error"),
                   status=status, detail=detail, code=code, instance=instance, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status,
                        media_type=PROBLEM_TYPE, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem details."""
    if MarknetError not in app.exception_handlers:  # the app's own handler has the same shape
        app.add_exception_handler(MarknetError, _marknet_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]


async def _marknet_error(request: Request, exc: MarknetError) -> Response:
    errors = exc.details.get("fields") if isinstance(exc.details.get("fields"), list) else None
    if exc.http_status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc.message)
    headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
    return problem(exc.http_status, exc.code, exc.message, request.url.path, errors, headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = [{"field": ".".join(str(p) for p in e.get("loc", ())),
               "message": str(e.get("msg", "invalid"))} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)[:2000]
    return problem(422, "invalid_request", detail or "invalid request", request.url.path, errors)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    code = _CODES.get(exc.status_code, "http_error")
    headers = dict(exc.headers) if exc.headers else None
    return problem(exc.status_code, code, str(exc.detail), request.url.path, headers=headers)
