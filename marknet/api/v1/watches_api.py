"""Watches and their notifications, for signed-in users."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from marknet.accounts.access import visible_record
from marknet.accounts.users import Principal, Role, User
from marknet.api.v1.context import ApiContext, Ctx, SignedIn
from marknet.errors import InputError
from marknet.model.accessors import classes_of, texts_of
from marknet.watch.watches import (
    Watch,
    check_webhook,
    create_watch,
    delete_watch,
    list_notifications,
    list_watches,
    mark_seen,
)

router = APIRouter(tags=["watches"])
SIGNED_IN = (Role.APPLICANT, Role.EXAMINER, Role.ADMIN)


class NewWatch(BaseModel):
    query: str | None = Field(default=None, max_length=200,
                              description="the sign to watch; or give record_id")
    record_id: str | None = Field(default=None, max_length=40,
                                  description="watch this mark (its text and classes)")
    classes: list[int] = Field(default_factory=list, max_length=45)
    threshold: float | None = Field(default=None, gt=0, le=1)
    webhook_url: str | None = Field(default=None, max_length=500)
    label: str | None = Field(default=None, max_length=200)


def add_watch(ctx: ApiContext, principal: Principal, body: NewWatch) -> Watch:
    user: User = principal.require(*SIGNED_IN)
    query, classes = (body.query or "").strip(), list(body.classes)
    if body.record_id:
        data = visible_record(ctx.store, principal, body.record_id).data
        texts = texts_of(data)
        if not texts:
            raise InputError("record_id: that record has no verbal element to watch")
        query = query or texts[0]
        classes = classes or classes_of(data)
    if not query:
        raise InputError("give query or record_id")
    url = check_webhook(body.webhook_url, ctx.settings.webhook_allow_private) \
        if body.webhook_url else None
    return create_watch(ctx.store, user.id, query=query,
                        record_id=body.record_id.strip().upper() if body.record_id else None,
                        classes=classes,
                        threshold=body.threshold or ctx.settings.watch_threshold,
                        webhook_url=url, label=body.label)


@router.get("/watches", summary="The caller's watches")
def watches(ctx: Ctx, caller: SignedIn) -> dict[str, Any]:
    user = caller.require(*SIGNED_IN)
    return {"items": [w.to_dict() for w in list_watches(ctx.store, user.id)]}


@router.post("/watches", status_code=201, summary="Watch a mark or a query (with classes)")
def new_watch(ctx: Ctx, caller: SignedIn, body: NewWatch) -> dict[str, Any]:
    return add_watch(ctx, caller, body).to_dict()


@router.delete("/watches/{watch_id}", status_code=204, summary="Stop a watch")
def stop_watch(ctx: Ctx, caller: SignedIn, watch_id: str) -> None:
    user = caller.require(*SIGNED_IN)
    delete_watch(ctx.store, user.id, watch_id)


@router.get("/notifications", summary="What the caller's watches found, newest first")
def notifications(ctx: Ctx, caller: SignedIn, unseen: bool = False) -> dict[str, Any]:
    user = caller.require(*SIGNED_IN)
    return {"items": list_notifications(ctx.store, user.id, unseen_only=unseen)}


@router.post("/notifications/{notification_id}/seen", status_code=204,
             summary="Mark a notification as seen")
def seen(ctx: Ctx, caller: SignedIn, notification_id: str) -> None:
    user = caller.require(*SIGNED_IN)
    mark_seen(ctx.store, user.id, notification_id)
