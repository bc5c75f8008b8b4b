"""Server-rendered pages (Jinja2, no build step): search, records, GIs, publications, the
examiner's workbench and watches, in Russian, Belarusian and English."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from marknet.web import account, clearance, compare, failures, pages, saved, workbench
from marknet.web.i18n import LangPrefix

if TYPE_CHECKING:
    from marknet.api.v1.context import ApiContext

__all__ = ["mount_web"]


def mount_web(app: FastAPI, ctx: ApiContext) -> None:
    app.mount("/static", StaticFiles(directory=Path(__file__).with_name("static")),
              name="static")
    for module in (clearance, pages, account, workbench, compare, saved):
        app.include_router(module.router)
    app.add_middleware(LangPrefix)
    failures.install(app)

