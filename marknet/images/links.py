"""Where an image is served, and which image stands for a record in a list of hits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from marknet.model.codelists import vienna_description
from marknet.store import Store

__all__ = ["image_links", "thumbnail_of", "vienna_text", "with_thumbnails"]


def image_links(sha256: str) -> dict[str, str]:
    base = f"/api/v1/images/{sha256}"
    return {"sha256": sha256, "url": base, "thumbnail": f"{base}/thumbnail?size=128",
            "large": f"{base}/thumbnail?size=512"}


def first_image(data: Mapping[str, Any]) -> str | None:
    for image in data.get("images") or ():
        if isinstance(image, Mapping) and image.get("sha256"):
            return str(image["sha256"])
    return None


def thumbnail_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """``{"image": links}`` for a record with a stored image, else nothing (list summaries)."""
    sha = first_image(data)
    return {"image": image_links(sha)} if sha else {}


def with_thumbnails(store: Store, hits: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The hits, each with ``image`` (links to its record's first stored image) when it has one:
    one read of the page's records, so hit lists show figurative marks as they look."""
    ids: Iterable[str] = [h["id"] for h in hits if "image" not in h and h.get("id")]
    records = store.get_records(list(ids)) if ids else {}
    out = []
    for hit in hits:
        stored = records.get(hit.get("id", ""))
        sha = first_image(stored.data) if stored is not None else None
        out.append({**hit, "image": image_links(sha)} if sha else hit)
    return out


def vienna_text(code: str) -> str:
    """The Vienna code's description (English, as shipped), or nothing when unknown."""
    try:
        return vienna_description(code)
    except KeyError:
        return ""
