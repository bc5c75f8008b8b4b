"""Errors as RFC 9457 problem details: every failure is JSON with a stable ``code``.

The one handler for the whole app (API, pages' JSON, exchange): ``MarknetError`` subclasses carry
their HTTP status and code (``MarknetError.problem``); FastAPI's own validation errors and
Starlette's HTTP errors are translated to the same shape (``marknet.errors.problem_document``),
so clients parse one format. A 401 says how to authenticate (``WWW-Authenticate``, RFC 9110).
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from marknet.errors import MarknetError, problem_document

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger("marknet.api")

_CODES = {401: "unauthenticated", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
          429: "rate_limited"}


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    status = int(body["status"])
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer", **(headers or {})}
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM_TYPE,
                    headers=headers)


def problem(status: int, code: str, detail: str, instance: str | None = None,
            errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    return problem_response(problem_document(status, code, detail, instance=instance,
                                             errors=errors), headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem details."""
    app.add_exception_handler(MarknetError, _marknet_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]


async def _marknet_error(request: Request, exc: MarknetError) -> Response:
    if exc.http_status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc.message)
    challenge = getattr(exc, "challenge", None)
    headers = {"WWW-Authenticate": str(challenge)} if challenge else None
    return problem_response(exc.problem(request.url.path), headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = [{"field": ".".join(str(p) for p in e.get("loc", ())),
               "message": str(e.get("msg", "invalid"))} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)[:2000]
    return problem(422, "invalid_request", detail or "invalid request", request.url.path, errors)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    code = _CODES.get(exc.status_code, "http_error")
    headers = dict(exc.headers) if exc.headers else None
    return problem(exc.status_code, code, str(exc.detail), request.url.path, headers=headers)
