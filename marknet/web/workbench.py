"""The examiner's workbench: the queue with deadlines, one application with its conflict
report, the steps its current state allows, and a decision form per goods item.

Nothing is decided by default: no outcome, ground or citation is pre-selected; a decision is
taken only for the goods items the examiner chose an outcome for. Every post answers with a
redirect (post/redirect/get) to the case page, which says what happened and takes the focus.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from marknet.accounts.users import Role
from marknet.api.v1 import workflow
from marknet.api.v1.applications import queue
from marknet.api.v1.context import get_ctx, page_principal
from marknet.errors import InputError, MarknetError, NotFoundError
from marknet.procedure import steps
from marknet.procedure.store import Case
from marknet.procedure.tables import TABLES, Step, Workflow
from marknet.procedure.tables import Role as StepRole
from marknet.web.grounds import grounds_for, grounds_text
from marknet.web.i18n import pick_lang, translator
from marknet.web.pages import record_view
from marknet.web.render import (
    check_csrf,
    error_message,
    need_login,
    page_url,
    redirect,
    render,
)

router = APIRouter(include_in_schema=False)


def _examiner_or_login(request: Request) -> Response | None:
    principal = page_principal(request)
    if principal.user is None:
        return need_login(request)
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


def allowed_steps(case: Case) -> list[Step]:
    """The examiner's steps the case's current state allows that need nothing more than a
    click (the steps that need details are taken through the API or the CLI)."""
    table = TABLES[Workflow(case.workflow)]
    ways = steps.WAYS[table.workflow]
    return [s for s in table.steps.values() if case.state in s.sources
            and StepRole.EXAMINER in s.roles
            and steps.via(table.workflow, s) is steps.Via.STEP
            and not ways.get(steps.ALIASES.get((table.workflow, s.action), s.action),
                             steps.Way()).needs]


def detail_steps(listing: dict[str, Any], workflow: str) -> list[dict[str, Any]]:
    """The examiner's steps that need a few words or a choice (a certificate, the grounds),
    each with its needs; a step whose choice has nothing to choose from is left out."""
    return [s for s in listing["steps"] if s["workflow"] == workflow and s["via"] == "step"
            and "examiner" in s["roles"] and s["needs"]
            and all(n["kind"] == "text" and n.get("choices", [None]) for n in s["needs"])]


def deciding(case: Case) -> bool:
    """Whether the case's state is one where the examiner decides per goods item."""
    table = TABLES[Workflow(case.workflow)]
    return any(case.state in s.sources and steps.via(table.workflow, s) is steps.Via.DECISION
               for s in table.steps.values())


def _case_page(request: Request, record_id: str, error: str | None = None,
               status: int = 200) -> Response:
    ctx, principal = get_ctx(request), page_principal(request)
    try:
        view = record_view(request, record_id)
    except NotFoundError:
        return render(request, "error.html", status=404, message_key="not_found")
    cases = ctx.procedures.cases(view["record"]["id"])
    listing = steps.allowed(ctx.procedures, view["record"]["id"]) if cases else {"steps": []}
    deciding_cases = [c for c in cases if deciding(c)]
    report: dict[str, Any] | None = None
    if deciding_cases:
        try:
            report = workflow.report(ctx.procedures, principal, view["record"]["id"])
        except MarknetError as exc:
            error = error or error_message(request, exc)
    done = request.query_params.get("done", "")
    return render(request, "case.html", status=status, report=report, error=error,
                  cases=cases, steps={c.workflow: allowed_steps(c) for c in cases},
                  detailed={c.workflow: detail_steps(listing, c.workflow) for c in cases},
                  grounds=grounds_for(view["record"]["office"], deciding_cases[0].workflow
                                      if deciding_cases else "trademark"),
                  done=done if done in ("decided", "step") else "",
                  done_step=request.query_params.get("step", ""), **view)


@router.get("/workbench/{record_id}")
def case_page(request: Request, record_id: str) -> Response:
    refused = _examiner_or_login(request)
    return refused or _case_page(request, record_id)


def decision_items(form: FormData, office: str, workflow: str, lang: str
                   ) -> list[dict[str, Any]]:
    """The goods items the examiner chose an outcome for, with the chosen grounds (their
    citable text in the page's language, then the examiner's own words) and citations."""
    t = translator(lang)
    items = []
    for key in form:
        nice = key.removeprefix("decision-")
        outcome = str(form[key])
        if not key.startswith("decision-") or not nice.isdigit():
            continue
        if outcome not in ("accept", "refuse"):
            raise InputError(f"decision: {outcome!r} is not accept or refuse")
        chosen = [str(v) for v in form.getlist(f"ground-{nice}")]
        own = str(form.get(f"reasoning-{nice}", "")).strip()
        cited = [str(v) for v in form.getlist(f"cite-{nice}")][:50]
        items.append({"nice_class": int(nice), "decision": outcome,
                      "grounds": grounds_text(office, workflow, chosen, own, t)[:4000]
                      if outcome == "refuse" else own[:4000],
                      "cited": cited if outcome == "refuse" else []})
    if not items:
        raise InputError("decision.none: choose accept or refuse for at least one goods item")
    return items


@router.post("/workbench/{record_id}/decisions")
async def decide_form(request: Request, record_id: str) -> Response:
    refused = _examiner_or_login(request)
    if refused is not None:
        return refused
    form = await request.form()
    principal = page_principal(request)
    check_csrf(request, principal, str(form.get("csrf", "")))
    ctx, record_id = get_ctx(request), record_id.upper()
    try:
        office = ctx.procedures.record(record_id).office
        case = steps.main_case(ctx.procedures, record_id)
        items = decision_items(form, office, case.workflow, pick_lang(request))
        workflow.decide(ctx.procedures, principal, record_id, items)
    except MarknetError as exc:
        return _case_page(request, record_id, error_message(request, exc),
                          status=exc.http_status)
    return redirect(page_url(request, f"/workbench/{record_id}?done=decided"))


@router.post("/workbench/{record_id}/actions")
async def action_form(request: Request, record_id: str) -> Response:
    refused = _examiner_or_login(request)
    if refused is not None:
        return refused
    form = await request.form()
    principal = page_principal(request)
    check_csrf(request, principal, str(form.get("csrf", "")))
    action, record_id = str(form.get("action", "")), record_id.upper()
    details = {key.removeprefix("need-"): str(form[key])[:4000] for key in form
               if key.startswith("need-")}
    try:
        workflow.act(get_ctx(request).procedures, principal, record_id, action, details)
    except MarknetError as exc:
        return _case_page(request, record_id, error_message(request, exc),
                          status=exc.http_status)
    return redirect(page_url(request, f"/workbench/{record_id}?done=step&step={action}"))
