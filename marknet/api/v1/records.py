"""Records, their histories and deadlines; GIs and their producers' certificates."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from marknet.accounts.access import listing_scope, visible_record
from marknet.accounts.users import Principal
from marknet.api.v1.context import Caller, Ctx
from marknet.api.v1.paging import MAX_OFFSET, json_response, next_link
from marknet.images.links import thumbnail_of
from marknet.model import Event
from marknet.model.accessors import classes_of, texts_of
from marknet.procedure.store import ProcedureStore
from marknet.store import Listing, Store

router = APIRouter(tags=["records"])

Sort = Literal["id", "filing_date", "-filing_date", "application_number"]
Office = Annotated[str | None, Query(max_length=2, pattern="^[A-Za-z]{2}$")]
Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def summary(data: dict[str, Any], register: str | None = None) -> dict[str, Any]:
    texts = texts_of(data)
    return {"id": data["id"], "office": data["office"], "register": register or data["office"],
            "record_type": data.get("record_type", "trademark"),
            "text": texts[0] if texts else "", "status": data["status"],
            "nice_classes": classes_of(data), "filing_date": data["filing_date"],
            "application_number": data["application_number"],
            "registration_number": data.get("registration_number"),
            "feature": data.get("feature"), "kind": data.get("kind"),
            **thumbnail_of(data)}


def list_records(store: Store, principal: Principal, *, office: str | None, status: str | None,
                 record_type: str | None, sort: str, limit: int,
                 offset: int) -> list[dict[str, Any]]:
    listing = Listing(listing_scope(principal), office.upper() if office else None, status,
                      record_type, sort, limit, offset)
    return [summary(r.data, r.register) for r in store.list_records(listing)]


@router.get("/records", summary="List records the caller may see")
def records(request: Request, ctx: Ctx, caller: Caller, office: Office = None,
            status: Annotated[str | None, Query(max_length=20)] = None,
            kind: Literal["trademark", "gi"] | None = None, sort: Sort = "id",
            limit: Limit = 20, offset: Offset = 0) -> Response:
    items = list_records(ctx.store, caller, office=office, status=status, record_type=kind,
                         sort=sort, limit=limit, offset=offset)
    return json_response(request, {"items": items, "limit": limit, "offset": offset,
                                   "next": next_link(request, offset, limit, len(items))})


def event_dict(event: Event) -> dict[str, Any]:
    return {"seq": event.seq, "register": event.register, "type": event.type.value,
            "effective_date": event.effective_date.isoformat(),
            "recorded_at": event.recorded_at.isoformat(), "actor": event.actor,
            "payload": {k: v for k, v in event.payload.items() if k != "record"},
            "hash": event.hash}


@router.get("/records/{record_id}", summary="One record (404 when absent or confidential)")
def record(request: Request, ctx: Ctx, caller: Caller, record_id: str) -> Response:
    stored = visible_record(ctx.store, caller, record_id)
    body = {"record": stored.data, "register": stored.register, "last_seq": stored.last_seq,
            "links": {"history": f"/api/v1/records/{stored.id}/history",
                      "deadlines": f"/api/v1/records/{stored.id}/deadlines"}}
    return json_response(request, body, private=caller.user is not None,
                         tag=f"{stored.id}-{stored.last_seq}")


@router.get("/records/{record_id}/history", summary="The record's legal-status events")
def history(request: Request, ctx: Ctx, caller: Caller, record_id: str) -> Response:
    stored = visible_record(ctx.store, caller, record_id)
    events = [event_dict(e) for e in ctx.store.record_events(stored.id)]
    return json_response(request, {"id": stored.id, "events": events},
                         tag=f"h-{stored.id}-{stored.last_seq}")


@router.get("/records/{record_id}/deadlines", summary="The record's procedural deadlines")
def record_deadlines(request: Request, ctx: Ctx, caller: Caller, record_id: str) -> Response:
    stored = visible_record(ctx.store, caller, record_id)
    rows = ProcedureStore(ctx.store).deadlines(status=None, record_id=stored.id)
    return json_response(request, {"id": stored.id, "deadlines": [r.to_dict() for r in rows]})


@router.get("/gis", summary="The GI / appellation-of-origin registers, with producers")
def gis(request: Request, ctx: Ctx, caller: Caller, office: Office = None,
        status: Annotated[str | None, Query(max_length=20)] = None,
        limit: Limit = 20, offset: Offset = 0) -> Response:
    rows = list_records(ctx.store, caller, office=office, status=status, record_type="gi",
                        sort="id", limit=limit, offset=offset)
    stored = ctx.store.get_records([r["id"] for r in rows])
    items = [{**r, "product": stored[r["id"]].data.get("product", ""),
              "gi_kind": stored[r["id"]].data.get("kind"),
              "area": stored[r["id"]].data.get("area", ""),
              "certificates": stored[r["id"]].data.get("certificates", [])} for r in rows]
    return json_response(request, {"items": items, "limit": limit, "offset": offset,
                                   "next": next_link(request, offset, limit, len(items))})


@router.get("/gis/{record_id}/certificates", summary="Producers' certificates of one GI/AO")
def certificates(request: Request, ctx: Ctx, caller: Caller, record_id: str) -> Response:
    stored = visible_record(ctx.store, caller, record_id)
    if stored.record_type != "gi":
        from marknet.errors import NotFoundError

        raise NotFoundError(f"{stored.id} is not a GI or appellation of origin")
    return json_response(request, {"id": stored.id,
                                   "certificates": stored.data.get("certificates", [])},
                         tag=f"c-{stored.id}-{stored.last_seq}")
