"""Filing, the examiner's queue and steps, conflict reports, decisions per goods item and
deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from marknet.accounts.access import visible_record
from marknet.accounts.users import Principal, Role
from marknet.api.v1 import workflow
from marknet.api.v1.context import ApiContext, Caller, Ctx, SignedIn
from marknet.api.v1.paging import json_response
from marknet.api.v1.records import summary
from marknet.errors import InputError
from marknet.procedure import steps
from marknet.procedure.store import ProcedureStore

router = APIRouter(tags=["procedures"])


class GoodsDecision(BaseModel):
    nice_class: int = Field(ge=1, le=45)
    # consent_needed: a Union mark's examination asks for the cited holders' consent (MSG.035)
    decision: Literal["accept", "refuse", "consent_needed"]
    grounds: str = Field(default="", max_length=4000)
    cited: list[str] = Field(default_factory=list, max_length=50)


class DecisionBody(BaseModel):
    items: list[GoodsDecision] = Field(min_length=1, max_length=45)


async def json_body(request: Request) -> Any:
    """The parsed JSON body; malformed JSON or another media type is the caller's error."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/json", ""):
        raise InputError("send the body as application/json")
    raw = await request.body()
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"the body is not valid JSON: {exc}") from None


@router.post("/applications", status_code=201, summary="File an application (applicants)",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"type": "object"}}}}})
async def file(request: Request, ctx: Ctx, caller: Caller, eaeu: bool = False) -> Response:
    caller.require(Role.APPLICANT)
    body = await json_body(request)
    record = await run_in_threadpool(workflow.file_application, ctx.procedures, caller, body,
                                     eaeu)
    stored = ctx.store.get_records([record.id])[record.id]
    watcher = ctx.extras.get("watcher")
    if watcher is not None:
        watcher.wake()
    return Response(orjson.dumps({"id": record.id, "record": stored.data}), 201,
                    media_type="application/json",
                    headers={"Location": f"/api/v1/records/{record.id}"})

# The statuses of the examiner's queue, and how long it may be.
_QUEUED = ("filed", "examination", "published")
_QUEUE = 500


def queue(ctx: ApiContext, principal: Principal) -> list[dict[str, Any]]:
    """Pending applications with their procedure state and open deadlines, earliest first."""
    user = principal.require(Role.EXAMINER, Role.APPLICANT, Role.ADMIN)
    cases = ctx.store.open_cases(
        _QUEUED, user.office if user.role is Role.EXAMINER else None,
        user.id if user.role is Role.APPLICANT else None, _QUEUE)
    due: dict[str, list[dict[str, Any]]] = {}
    for d in ProcedureStore(ctx.store).deadlines(status="open"):
        due.setdefault(d.record_id, []).append(d.to_dict())
    items = []
    for stored, wf, state in cases:
        record = summary(stored.data, stored.register)
        items.append({**record, "workflow": wf, "state": state,
                      "deadlines": due.get(record["id"], [])})
    items.sort(key=lambda i: min([d["due"] for d in i["deadlines"]] or ["9999"]))
    return items


@router.get("/applications", summary="The examiner's queue, or an applicant's own filings")
def applications(request: Request, ctx: Ctx, caller: Caller) -> Response:
    return json_response(request, {"items": queue(ctx, caller)})


@router.get("/applications/{record_id}/conflicts",
            summary="Conflict report per goods item (examiners of the office)")
def conflicts(request: Request, ctx: Ctx, caller: Caller, record_id: str) -> Response:
    stored = visible_record(ctx.store, caller, record_id)
    return json_response(request, workflow.report(ctx.procedures, caller, stored.id))


@router.post("/applications/{record_id}/actions/{action}",
             summary="Take a step of the record's procedure: pass_formal, publish, reply, "
             "issue_certificate… (GET …/steps lists them with what each needs)",
             openapi_extra={"requestBody": {"required": False, "content": {
                 "application/json": {"schema": {"type": "object"}}}}})
async def act(request: Request, ctx: Ctx, caller: SignedIn, record_id: str,
              action: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
    caller.require(Role.EXAMINER, Role.APPLICANT)
    details = await json_body(request) if await request.body() else {}
    if not isinstance(details, dict):
        raise InputError("the body is the step's details as a JSON object")
    def take() -> dict[str, Any]:
        stored = visible_record(ctx.store, caller, record_id)
        case = workflow.act(ctx.procedures, caller, stored.id, action, details)
        return {"id": stored.id, "workflow": case.workflow, "state": case.state}
    return await run_in_threadpool(take)


@router.get("/applications/{record_id}/steps",
            summary="The steps the record's current state allows: who, how, what each needs")
def steps_(request: Request, ctx: Ctx, caller: Caller, record_id: str) -> Response:
    stored = visible_record(ctx.store, caller, record_id)
    return json_response(request, steps.allowed(ctx.procedures, stored.id))


@router.post("/applications/{record_id}/decisions",
             summary="Decide per goods item: accept or refuse with grounds and citations")
def decide(ctx: Ctx, caller: SignedIn, record_id: str, body: DecisionBody) -> dict[str, Any]:
    caller.require(Role.EXAMINER)
    stored = visible_record(ctx.store, caller, record_id)
    items = [i.model_dump() for i in body.items]
    case = workflow.decide(ctx.procedures, caller, stored.id, items)
    return {"id": stored.id, "workflow": case.workflow, "state": case.state,
            "decisions": case.data.get("decisions", {})}


@router.get("/applications/{record_id}/decisions", summary="Decisions recorded so far")
def decisions(request: Request, ctx: Ctx, caller: Caller, record_id: str) -> Response:
    stored = visible_record(ctx.store, caller, record_id)
    found = ProcedureStore(ctx.store).decisions(stored.id)
    return json_response(request, {"id": stored.id, "decisions": found})


@router.get("/deadlines", summary="Open deadlines of the caller's office (or own filings)")
def deadlines(request: Request, ctx: Ctx, caller: Caller,
              due_before: dt.date | None = None) -> Response:
    user = caller.require(Role.EXAMINER, Role.APPLICANT, Role.ADMIN)
    rows = ProcedureStore(ctx.store).deadlines(due_before=due_before, status="open")
    if user.role is Role.EXAMINER:
        rows = [r for r in rows if r.office == user.office]
    elif user.role is Role.APPLICANT:
        own = {i["id"] for i in queue(ctx, caller)}
        rows = [r for r in rows if r.record_id in own]
    return json_response(request, {"items": [r.to_dict() for r in rows]})
