"""Signing in (API tokens), the caller's identity, users and partner offices (administrators)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from marknet.accounts.users import (
    Role,
    add_user,
    authenticate,
    issue_token,
    list_users,
    revoke_token,
)
from marknet.api.v1.context import Caller, Ctx, SignedIn
from marknet.exchange.peers import add_peer, list_peers

router = APIRouter(tags=["accounts"])


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class NewUser(BaseModel):
    username: str = Field(min_length=2, max_length=64)
    password: str = Field(min_length=8, max_length=1024)
    role: Literal["applicant", "examiner", "admin"]
    office: str | None = Field(default=None, min_length=2, max_length=2)


class NewPeer(BaseModel):
    office: str = Field(min_length=2, max_length=2)
    url: str = Field(min_length=8, max_length=500)
    public_key: str = Field(min_length=10, max_length=500)


@router.post("/auth/token", status_code=201, summary="Exchange a username and password for a "
             "bearer token")
def login(ctx: Ctx, body: Login) -> dict[str, Any]:
    user = authenticate(ctx.store, body.username, body.password)
    days = ctx.settings.token_days
    token, _ = issue_token(ctx.store, user, "api", dt.timedelta(days=days))
    return {"token": token, "token_type": "Bearer", "expires_in": days * 86400,
            "user": {"username": user.username, "role": user.role.value, "office": user.office}}


@router.delete("/auth/token", status_code=204, summary="Revoke the token in use")
def logout(request: Request, ctx: Ctx, caller: SignedIn) -> None:
    caller.require(*[r for r in Role if r is not Role.PUBLIC])
    revoke_token(ctx.store, request.headers["authorization"].partition(" ")[2].strip())


@router.get("/me", summary="Who the caller is")
def me(caller: Caller) -> dict[str, Any]:
    user = caller.user
    return {"role": caller.role.value, "username": user.username if user else None,
            "office": user.office if user else None}


@router.get("/users", summary="Users of this node (administrators)")
def users(ctx: Ctx, caller: Caller) -> dict[str, Any]:
    caller.require(Role.ADMIN)
    return {"items": [{"username": u.username, "role": u.role.value, "office": u.office}
                      for u in list_users(ctx.store)]}


@router.post("/users", status_code=201, summary="Create a user (administrators)")
def create_user(ctx: Ctx, caller: SignedIn, body: NewUser) -> dict[str, Any]:
    caller.require(Role.ADMIN)
    user = add_user(ctx.store, body.username, body.password, body.role, body.office)
    return {"username": user.username, "role": user.role.value, "office": user.office}


@router.get("/peers", summary="Partner offices (administrators)")
def peers(ctx: Ctx, caller: Caller) -> dict[str, Any]:
    caller.require(Role.ADMIN)
    return {"items": [{"office": p.office, "url": p.url,
                       "keys": [k.fingerprint for k in p.keys]} for p in list_peers(ctx.store)]}


@router.post("/peers", status_code=201, summary="Register a partner office (administrators)")
def create_peer(ctx: Ctx, caller: SignedIn, body: NewPeer) -> dict[str, Any]:
    caller.require(Role.ADMIN)
    peer = add_peer(ctx.store, body.office, body.url, body.public_key, ctx.node.office)
    return {"office": peer.office, "url": peer.url,
            "keys": [k.fingerprint for k in peer.keys]}
