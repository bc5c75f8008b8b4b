"""Two marks side by side: their facts in two columns and, per criterion, the score and the
reason an examiner can cite (``marknet.match.compare`` on the closest pair of their names)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from marknet.accounts.access import visible_record
from marknet.api.v1.context import get_ctx, page_principal
from marknet.errors import NotFoundError
from marknet.match import Assessment, Goods, cached_sign, compare
from marknet.model.accessors import classes_of, texts_of
from marknet.web.render import render

router = APIRouter(include_in_schema=False)
Id = Annotated[str, Query(max_length=40)]


def _goods(data: dict[str, Any]) -> Goods | None:
    classes = frozenset(classes_of(data))
    terms = tuple(t for g in data.get("goods_services") or [] for t in g.get("terms") or [])
    return Goods(classes, terms) if classes or terms else None


def closest(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, str, Assessment] | None:
    """The pair of the two records' names that conflicts most, with its assessment."""
    pairs = [(x, y, compare(cached_sign(x), cached_sign(y), _goods(a), _goods(b)))
             for x in texts_of(a) for y in texts_of(b)]
    return max(pairs, key=lambda p: p[2].score) if pairs else None


@router.get("/compare")
def compare_page(request: Request, a: Id = "", b: Id = "") -> Response:
    ctx, principal = get_ctx(request), page_principal(request)
    sides: list[dict[str, Any]] = []
    missing = []
    for wanted in (a, b):
        if not wanted.strip():
            continue
        try:
            stored = visible_record(ctx.store, principal, wanted.strip().upper())
            sides.append({"record": stored.data, "register": stored.register,
                          "texts": texts_of(stored.data)})
        except NotFoundError:
            missing.append(wanted)
    found = closest(sides[0]["record"], sides[1]["record"]) if len(sides) == 2 else None
    return render(request, "compare.html", status=404 if missing else 200, a=a, b=b,
                  sides=sides, missing=missing, found=found)
