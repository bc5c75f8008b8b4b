"""The clearance report as PDF: WeasyPrint lays out the HTML the pages already render.

WeasyPrint is pure Python over Pango (Debian's libpango, which Chromium needs as well); it
reads nothing from outside: every fetch it would make is refused, and the report's styles are
inline in its own template.
"""

from __future__ import annotations

from typing import Any, NoReturn

from marknet.errors import InputError


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise InputError(f"the report does not load {url[:80]}")


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return pdf
