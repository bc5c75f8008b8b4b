"""Pagination, sorting and ETags shared by the list endpoints."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

import orjson
from fastapi import Request, Response

MAX_OFFSET = 100_000


def json_response(request: Request, payload: Any, status: int = 200,
                  private: bool = True, tag: str | None = None) -> Response:
    """JSON with a weak ETag; a matching If-None-Match gets 304 and no body."""
    body = orjson.dumps(payload)
    etag = f'W/"{tag or hashlib.sha256(body).hexdigest()[:24]}"'
    cache = "private, no-cache" if private else "public, max-age=30"
    headers = {"ETag": etag, "Cache-Control": cache, "Vary": "Authorization"}
    wanted = request.headers.get("if-none-match", "")
    if status == 200 and etag in {t.strip() for t in wanted.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def next_link(request: Request, offset: int, limit: int, got: int) -> str | None:
    """The URL of the next page, when this one was full."""
    if got < limit or offset + limit > MAX_OFFSET:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    params.append(("offset", str(offset + limit)))
    return f"{request.url.path}?{urlencode(params)}"
