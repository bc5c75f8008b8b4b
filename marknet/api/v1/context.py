"""What every request handler needs, held once on the app: the node, settings, procedures,
the search service and the watch service; and the dependencies that resolve the caller."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request

from marknet.accounts.users import PUBLIC, Principal, resolve_token
from marknet.api.v1.settings import ApiSettings
from marknet.errors import AuthError
from marknet.node import Node
from marknet.procedure.engine import Procedures
from marknet.search import Searcher

SESSION_COOKIE = "marknet_session"


@dataclass
class ApiContext:
    node: Node
    settings: ApiSettings
    procedures: Procedures
    searcher: Searcher
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def store(self) -> Any:
        return self.node.store

    def today(self) -> dt.date:
        return self.procedures.today()


def get_ctx(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.marknet_api
    return ctx


async def _ctx_dependency(request: Request) -> ApiContext:
    # async: a sync dependency costs a hop to the thread pool on every request.
    return get_ctx(request)


async def api_principal(request: Request) -> Principal:
    """The API caller: a Bearer token, or the public. A bad token is an error, not the public,
    so a client with an expired token learns it at once. The public (most searches) is
    answered on the event loop; a token is looked up in the store on a worker thread."""
    if not request.headers.get("authorization", ""):
        return PUBLIC
    known: Principal | None = getattr(request.state, "api_principal", None)
    if known is not None:  # looked up by the guard on this request already
        return known
    return await anyio.to_thread.run_sync(bearer_principal, request)


def bearer_principal(request: Request) -> Principal:
    """The caller named by the Authorization header, or the public without one."""
    header = request.headers.get("authorization", "")
    if not header:
        return PUBLIC
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("use Authorization: Bearer TOKEN")
    found = resolve_token(get_ctx(request).store, token.strip(), "api")
    if found is None:
        raise AuthError("the token is unknown, expired or revoked")
    return found


def page_principal(request: Request) -> Principal:
    """The page visitor: a session cookie, or the public (looked up once per request)."""
    known: Principal | None = getattr(request.state, "page_principal", None)
    if known is not None:
        return known
    token = request.cookies.get(SESSION_COOKIE, "")
    found = (resolve_token(get_ctx(request).store, token, "session") if token else None)
    request.state.page_principal = found or PUBLIC
    return request.state.page_principal  # type: ignore[no-any-return]


def signed_in(request: Request) -> Principal:
    """A signed-in API caller; resolved before the body, so an anonymous write is 401 whatever
    it sends."""
    principal = bearer_principal(request)
    if principal.user is None:
        raise AuthError("sign in first: send Authorization: Bearer TOKEN")
    return principal


Ctx = Annotated[ApiContext, Depends(_ctx_dependency)]
Caller = Annotated[Principal, Depends(api_principal)]
SignedIn = Annotated[Principal, Depends(signed_in)]
