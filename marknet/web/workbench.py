"""The examiner's workbench: the queue with deadlines, one application with its conflict
report, and a decision form per goods item."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from marknet.accounts.users import Role
from marknet.api.v1 import workflow
from marknet.api.v1.applications import queue
from marknet.api.v1.context import get_ctx, page_principal
from marknet.errors import MarknetError, NotFoundError
from marknet.web.pages import record_view
from marknet.web.render import check_csrf, redirect, render

router = APIRouter(include_in_schema=False)


def _examiner_or_login(request: Request) -> Response | None:
    principal = page_principal(request)
    if principal.user is None:
        return redirect(f"/login?next={request.url.path}")
    if principal.role is not Role.EXAMINER:
        return render(request, "error.html", status=403, message_key="examiners_only")
    return None


@router.get("/workbench")
def workbench(request: Request) -> Response:
    refused = _examiner_or_login(request)
    if refused is not None:
        return refused
    ctx, principal = get_ctx(request), page_principal(request)
    return render(request, "workbench.html", principal=principal, items=queue(ctx, principal))


def _case_page(request: Request, record_id: str, error: str | None = None,
               status: int = 200) -> Response:
    ctx, principal = get_ctx(request), page_principal(request)
    try:
        view = record_view(request, record_id)
    except NotFoundError:
        return render(request, "error.html", status=404, message_key="not_found")
    report: dict[str, Any] | None = None
    try:
        report = workflow.report(ctx.procedures, principal, view["record"]["id"])
    except MarknetError as exc:
        error = error or exc.message
    cases = ctx.procedures.cases(view["record"]["id"])
    return render(request, "case.html", status=status, report=report, error=error,
                  cases=cases, actions=sorted(workflow.EXAMINER_ACTIONS), **view)


@router.get("/workbench/{record_id}")
def case_page(request: Request, record_id: str) -> Response:
    refused = _examiner_or_login(request)
    return refused or _case_page(request, record_id)


@router.post("/workbench/{record_id}/decisions")
async def decide_form(request: Request, record_id: str) -> Response:
    refused = _examiner_or_login(request)
    if refused is not None:
        return refused
    form = await request.form()
    principal = page_principal(request)
    check_csrf(request, principal, str(form.get("csrf", "")))
    items = []
    for key in form:
        if key.startswith("decision-"):
            nice = key.removeprefix("decision-")
            outcome = str(form[key])
            if outcome in ("accept", "refuse") and nice.isdigit():
                cited = [c.strip() for c in str(form.get(f"cited-{nice}", "")).split(",")
                         if c.strip()]
                items.append({"nice_class": int(nice), "decision": outcome,
                              "grounds": str(form.get(f"grounds-{nice}", ""))[:4000],
                              "cited": cited[:50]})
    ctx = get_ctx(request)
    try:
        workflow.decide(ctx.procedures, principal, record_id.upper(), items)
    except MarknetError as exc:
        return _case_page(request, record_id, exc.message, status=exc.http_status)
    return redirect(f"/workbench/{record_id.upper()}?decided=1")


@router.post("/workbench/{record_id}/actions")
async def action_form(request: Request, record_id: str) -> Response:
    refused = _examiner_or_login(request)
    if refused is not None:
        return refused
    form = await request.form()
    principal = page_principal(request)
    check_csrf(request, principal, str(form.get("csrf", "")))
    try:
        workflow.act(get_ctx(request).procedures, principal, record_id.upper(),
                     str(form.get("action", "")))
    except MarknetError as exc:
        return _case_page(request, record_id, exc.message, status=exc.http_status)
    return redirect(f"/workbench/{record_id.upper()}")
