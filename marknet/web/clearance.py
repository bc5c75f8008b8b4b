"""Clearance search: the whole hit list of a query (the best ``MAX_LIMIT`` the index ranks),
counted, filtered with counts per value, sorted, paged, and exported as CSV or as a PDF
clearance report rendered from the same HTML.

The query's own filters (classes, Vienna codes, filing dates) go to the index: classes change
how goods are scored. Office, status, kind and feature are narrowed here, over the hit list,
so each value's count is what choosing it would leave (counted with the other filters on).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from marknet.api.v1.context import get_ctx, page_principal
from marknet.errors import InputError, MarknetError
from marknet.images.links import with_thumbnails
from marknet.model import STATUS_GROUPS, MarkFeature, Status
from marknet.search import MODES, make_query
from marknet.search.visible import search_all
from marknet.store import Store
from marknet.web.i18n import local_date, local_number, pick_lang, translator
from marknet.web.present import reason
from marknet.web.render import SECURITY_HEADERS, error_message, render, render_text

router = APIRouter(include_in_schema=False)
PAGE = 20
SORTS = ("score", "date_desc", "date_asc", "number", "name")
GROUPS = [g for g in STATUS_GROUPS if g != "dead"]
KINDS = ("trademark", "gi")
LOCAL = ("office", "status", "kind", "feature")  # narrowed over the hit list, with counts
FIELDS = ("q", "mode", "office", "status", "class", "kind", "feature", "filed_from",
           "filed_to", "vienna", "sort")


@dataclass
class Clearance:
    form: dict[str, str]
    hits: list[dict[str, Any]] = field(default_factory=list)  # filtered and sorted
    cut: bool = False  # the index stopped at its limit: more hits exist
    counts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    classes: list[tuple[int, int]] = field(default_factory=list)
    vienna: list[tuple[str, int]] = field(default_factory=list)  # divisions (05.05), counted
    codes: dict[str, list[str]] = field(default_factory=dict)  # each hit's Vienna codes

    @property
    def total(self) -> int:
        return len(self.hits)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE))


def read_form(request: Request) -> dict[str, str]:
    params = request.query_params
    form = {name: params.get(name, "").strip()[:300] for name in FIELDS}
    form["mode"] = form["mode"] if form["mode"] in MODES else "similar"
    form["sort"] = form["sort"] if form["sort"] in SORTS else "score"
    return form


def _classes(value: str) -> tuple[int, ...]:
    found = tuple(int(x) for x in re.findall(r"\d+", value)[:45])
    if any(not 1 <= c <= 45 for c in found):
        raise InputError("class: Nice classes are 1 to 45")
    return found


def _check_local(form: dict[str, str]) -> None:
    if form["status"] and form["status"] not in GROUPS + [s.value for s in Status]:
        raise InputError(f"status: unknown status {form['status']!r}")
    if form["kind"] and form["kind"] not in KINDS:
        raise InputError(f"kind: unknown kind {form['kind']!r}")
    if form["feature"] and form["feature"] not in {f.value for f in MarkFeature}:
        raise InputError(f"feature: unknown feature {form['feature']!r}")


def _keeps(hit: dict[str, Any], name: str, value: str) -> bool:
    if not value:
        return True
    if name == "status" and value in STATUS_GROUPS:
        return hit["status"] in {s.value for s in STATUS_GROUPS[value]}
    return str(hit.get(name) or "") == value


def _sorted(hits: list[dict[str, Any]], order: str) -> list[dict[str, Any]]:
    if order == "date_desc":
        return sorted(hits, key=lambda h: (h.get("filing_date") or ""), reverse=True)
    if order == "date_asc":
        return sorted(hits, key=lambda h: (h.get("filing_date") or "9999"))
    if order == "number":
        return sorted(hits, key=lambda h: h["id"])
    if order == "name":
        return sorted(hits, key=lambda h: (h["text"].casefold(), h["id"]))
    return hits  # the ranking: best first


def clearance(request: Request, form: dict[str, str]) -> Clearance:
    """The hit list of the form's query as the visitor may see it (InputError if unusable)."""
    ctx, principal = get_ctx(request), page_principal(request)
    _check_local(form)
    query = make_query(form["q"], form["mode"], classes=_classes(form["class"]),
                       vienna=tuple(v for v in re.split(r"[\s,;]+", form["vienna"]) if v),
                       filed_from=form["filed_from"] or None, filed_to=form["filed_to"] or None)
    found, cut = search_all(ctx.searcher, ctx.store, principal, query)
    result = Clearance(form, cut=cut)
    for name in LOCAL:
        others = [h for h in found if all(_keeps(h, o, form[o]) for o in LOCAL if o != name)]
        values = Counter(str(h.get(name) or "") for h in others)
        if name == "status":
            for group in GROUPS:
                members = {s.value for s in STATUS_GROUPS[group]}
                values[group] = sum(1 for h in others if h["status"] in members)
        result.counts[name] = sorted(((v, n) for v, n in values.items() if v),
                                     key=lambda vn: (-vn[1], vn[0]))
    kept = [h for h in found if all(_keeps(h, o, form[o]) for o in LOCAL)]
    result.classes = sorted(Counter(c for h in kept for c in h["nice_classes"]).items(),
                            key=lambda cn: (-cn[1], cn[0]))
    result.hits = _sorted(kept, form["sort"])
    result.codes = _vienna_codes(ctx.store, [h["id"] for h in kept if h["kind"] == "trademark"])
    divisions = Counter(d for codes in result.codes.values()
                        for d in dict.fromkeys(c[:5] for c in codes))
    result.vienna = sorted(divisions.items(), key=lambda dn: (-dn[1], dn[0]))
    return result


def _vienna_codes(store: Store, ids: list[str]) -> dict[str, list[str]]:
    """The Vienna codes of the marks' images (hits do not carry them; the records do)."""
    out = {}
    for record_id, stored in store.get_records(ids).items():
        codes = sorted({c for image in stored.data.get("images") or []
                        for c in image.get("vienna_codes") or []})
        if codes:
            out[record_id] = codes
    return out


@router.get("/search")
def search_page(request: Request) -> Response:
    form = read_form(request)
    page_text = request.query_params.get("page", "1")
    result, error = Clearance(form), None
    page = int(page_text) if page_text.isdigit() and 0 < len(page_text) < 7 else 0
    try:
        if not page:
            raise InputError(f"page: {page_text!r} is not a page number")
        if form["q"]:
            result = clearance(request, form)
    except MarknetError as exc:
        error = error_message(request, exc)
    ctx = get_ctx(request)
    shown = result.hits[(page - 1) * PAGE: page * PAGE] if page else []
    shown = with_thumbnails(ctx.store, shown)
    return render(request, "search.html", form=form, result=result, hits=shown, page=page,
                  per_page=PAGE,
                  error=error, modes=MODES, sorts=SORTS, groups=GROUPS, kinds=KINDS,
                  statuses=[s.value for s in Status], features=[f.value for f in MarkFeature],
                  offices=sorted({h.register for h in ctx.store.heads()}),
                  status=400 if error else 200)


def _plain(text: str, lang: str) -> str:
    return Markup(reason(text, translator(lang))).striptags()


def hit_rows(hits: list[dict[str, Any]], codes: dict[str, list[str]], lang: str,
             iso: bool = False) -> list[list[str]]:
    """The hit list as table rows in the reader's language (the CSV and the report); *iso*
    keeps dates as YYYY-MM-DD, which spreadsheets sort."""
    t = translator(lang)
    rows = []
    for rank, hit in enumerate(hits, 1):
        why = "; ".join(f"{t('crit_' + name)} {local_number(c['score'], lang)} — "
                        f"{_plain(c['reason'], lang)}" for name, c in hit["why"].items())
        rows.append([str(rank), local_number(hit["score"], lang), hit["id"], hit["office"],
                     t("kind_" + hit["kind"]), hit["text"], t("status_" + hit["status"]),
                     str(hit.get("filing_date") or "") if iso
                     else local_date(hit.get("filing_date"), lang),
                     ", ".join(map(str, hit["nice_classes"])),
                     t("feature_" + hit["feature"]) if hit.get("feature") else "",
                     ", ".join(codes.get(hit["id"], [])), why])
    return rows


def _columns(lang: str) -> list[str]:
    t = translator(lang)
    return [t(k) for k in ("rank", "score", "number", "office", "kind", "mark", "status",
                           "filing_date", "classes", "feature", "vienna", "why")]


def _download(request: Request, make: Callable[[Clearance, str], str | bytes],
              media_type: str, filename: str) -> Response:
    """The form's whole hit list as a file, or the page's error when the form is unusable."""
    form = read_form(request)
    try:
        if not form["q"]:
            raise InputError("q: type a word or a name to search for")
        body = make(clearance(request, form), pick_lang(request))
    except MarknetError as exc:
        return render(request, "error.html", status=exc.http_status, message_key="error",
                      message=error_message(request, exc))
    return Response(body, media_type=media_type, headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'})


def _inert(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (a mark may be called ``=HYPERLINK(…)``)."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


@router.get("/search.csv")
def search_csv(request: Request) -> Response:
    def table(result: Clearance, lang: str) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(_columns(lang))
        writer.writerows([[_inert(cell) for cell in row]
                          for row in hit_rows(result.hits, result.codes, lang, iso=True)])
        # A byte-order mark: spreadsheet programs then read the Cyrillic as UTF-8.
        return "\ufeff" + out.getvalue()

    return _download(request, table, "text/csv; charset=utf-8", "clearance.csv")


@router.get("/search.pdf")
def search_pdf(request: Request) -> Response:
    from marknet.web.report import pdf_from_html

    ctx = get_ctx(request)

    def report(result: Clearance, lang: str) -> bytes:
        return pdf_from_html(render_text(
            request, "report.html", result=result, rows=hit_rows(result.hits, result.codes, lang),
            columns=_columns(lang), today=ctx.today(), node=ctx.node.office))

    return _download(request, report, "application/pdf", "clearance-report.pdf")
