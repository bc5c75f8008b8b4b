"""The exchange's HTTP face: ``/exchange/v1/…`` (mounted by ``marknet.api.create_app``).

Bodies are read with a hard size limit before any parsing; the database work runs in a worker
thread (``anyio.to_thread``) so the event loop keeps accepting connections. Refusals are RFC 9457
problem documents (``application/problem+json``) and are recorded by the inbox.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from anyio import to_thread
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from marknet.errors import MarknetError, NotFoundError
from marknet.exchange.audience import Reader
from marknet.exchange.errors import BodyTooLargeError, MalformedEnvelopeError, RequestAuthError
from marknet.exchange.feed import MAX_PAGE
from marknet.exchange.service import Exchange

PROBLEM = "application/problem+json"
MAX_SEQ = 2**63 - 1  # sequence numbers are SQL BIGINTs
_ENVELOPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "type", "sender", "recipient", "seq", "created", "sent", "in_reply_to",
                 "content_type", "payload", "payload_sha256", "key", "signature"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "type": {"type": "string", "example": "MSG.028"},
        "sender": {"type": "string", "example": "RU"},
        "recipient": {"type": "string", "example": "BY"},
        "seq": {"type": "integer", "minimum": 1},
        "created": {"type": "string", "format": "date-time"},
        "sent": {"type": "string", "format": "date-time"},
        "in_reply_to": {"type": ["string", "null"]},
        "content_type": {"type": "string", "enum": ["application/json", "application/xml"]},
        "payload": {"type": "string"},
        "payload_sha256": {"type": "string"},
        "key": {"type": "string", "description": "fingerprint of the signing key"},
        "signature": {"type": "string", "description": "base64 Ed25519, detached"}}}
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"description": "RFC 9457 problem", "content": {PROBLEM: {}}}
    for code in (400, 401, 403, 409, 413, 421, 422)}


def signed_reader(request: Request) -> Reader:
    """The partner office that signed this read (401 before any work otherwise)."""
    exchange: Exchange = request.app.state.exchange
    return exchange.requests.verify(request.method, str(request.url),
                                    list(request.headers.items()))


SignedReader = Annotated[Reader, Depends(signed_reader)]


def exchange_router(exchange: Exchange) -> APIRouter:
    router = APIRouter(prefix="/exchange/v1", tags=["exchange"])

    @router.post("/messages", responses=_PROBLEMS, openapi_extra={"requestBody": {
        "required": True, "content": {"application/json": {"schema": _ENVELOPE_SCHEMA}}}})
    async def post_message(request: Request) -> Response:
        """Deliver one signed envelope; the answer is the signed MSG.002 receipt."""
        body = await _read(request, exchange.max_body_bytes)
        if isinstance(body, Response):
            return body
        status, answer = await to_thread.run_sync(_one, exchange, body)
        return Response(answer, status, media_type="application/json" if status == 200
                        else PROBLEM)

    @router.post("/messages/batch", responses=_PROBLEMS, openapi_extra={"requestBody": {
        "required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": {"messages": {
                "type": "array", "items": _ENVELOPE_SCHEMA}}}}}}})
    async def post_batch(request: Request) -> Response:
        """Deliver envelopes in order; one receipt or one problem per message, in order."""
        body = await _read(request, exchange.max_body_bytes)
        if isinstance(body, Response):
            return body
        status, answer = await to_thread.run_sync(_batch, exchange, body)
        return Response(answer, status, media_type="application/json" if status == 200
                        else PROBLEM)

    signed: dict[int | str, dict[str, Any]] = {401: {
        "description": "RFC 9457 problem: the request is not signed by a partner office's "
                       "active key", "content": {PROBLEM: {}}}}

    @router.get("/feed", responses=signed)
    def get_feed(reader: SignedReader, after: int = Query(0, ge=0, le=MAX_SEQ),
                 limit: int = Query(5000, ge=1, le=MAX_PAGE)) -> Response:
        """A signed page of this office's register events with seq > after, in order: what
        the signing partner may see in full, the rest sealed (see the exchange README)."""
        return Response(exchange.feed(after, limit, reader), media_type="application/json")

    @router.get("/images/{sha256}", responses=signed)
    def get_image(reader: SignedReader, sha256: str) -> Response:
        """An image a record of this register names, by its SHA-256 (for partners' mirrors)."""
        if exchange.images is None:
            raise NotFoundError(f"no image {sha256}")
        data, media_type = exchange.images.original(sha256)
        return Response(data, media_type=media_type,
                        headers={"X-Content-Type-Options": "nosniff"})

    @router.get("/identity", responses=signed)
    def get_identity(reader: SignedReader) -> dict[str, Any]:
        """This node's office, public keys (active and retired) and feed head."""
        return exchange.identity()

    @router.get("/status", responses=signed)
    def get_status(reader: SignedReader) -> dict[str, Any]:
        """Outbox and inbox counts, mirror heads and delivery errors (the node's own key)."""
        if not reader.sees_everything:
            raise RequestAuthError("the exchange status is for this node's operator: sign "
                                   "with the node's own key")
        return exchange.status()

    return router


async def _read(request: Request, limit: int) -> bytes | Response:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return _too_large(request, limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return _too_large(request, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(request: Request, limit: int) -> Response:
    error = BodyTooLargeError(f"the body exceeds {limit} bytes (max_body_bytes)")
    exchange: Exchange = request.app.state.exchange
    exchange.inbox.record_rejection(error, request.headers.get("content-length", "?").encode())
    return Response(orjson.dumps(error.problem()), error.http_status, media_type=PROBLEM)


def _decode(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise MalformedEnvelopeError(f"the body is not JSON: {exc}") from exc


def _one(exchange: Exchange, body: bytes) -> tuple[int, bytes]:
    value: Any = None
    try:
        value = _decode(body)
        return 200, exchange.inbox.accept(value).receipt
    except MarknetError as exc:
        exchange.inbox.record_rejection(exc, body, value)
        return exc.http_status, orjson.dumps(exc.problem())


def _batch(exchange: Exchange, body: bytes) -> tuple[int, bytes]:
    try:
        value = _decode(body)
        messages = value.get("messages") if isinstance(value, dict) else None
        if not isinstance(messages, list):
            raise MalformedEnvelopeError('a batch is {"messages": [envelope, …]}')
    except MarknetError as exc:
        exchange.inbox.record_rejection(exc, body)
        return exc.http_status, orjson.dumps(exc.problem())
    if len(messages) > 5000:
        error = MalformedEnvelopeError("a batch holds at most 5000 messages")
        return error.http_status, orjson.dumps(error.problem())
    parts: list[bytes] = []
    for item, outcome in zip(messages, exchange.inbox.accept_many(messages), strict=True):
        if isinstance(outcome, MarknetError):
            exchange.inbox.record_rejection(outcome, orjson.dumps(item), item)
            parts.append(orjson.dumps({"problem": outcome.problem()}))
        else:
            parts.append(b'{"receipt":' + outcome.receipt + b"}")
    return 200, b'{"results":[' + b",".join(parts) + b"]}"
