"""Images travel with a partner's register: fetched by hash before its feed page is applied.

A mirrored record names its images by SHA-256; the bytes come from the partner's
``GET /exchange/v1/images/{sha256}`` and are kept only if they hash to that name. A mismatch
refuses the whole page (the mirror stays where it was, and the pull is retried later), so a
mirror never holds a record whose image is not the partner's. An image the partner does not
have (404) is left out: the record still names it, and the next record that names it fetches it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from marknet.errors import ImageError
from marknet.images.store import ImageStore

__all__ = ["IMAGES_PATH", "fetch_page_images", "named_images"]

IMAGES_PATH = "/exchange/v1/images/"


def named_images(rows: Iterable[list[Any]]) -> Iterator[str]:
    """The image hashes the records created or replaced in these feed rows name."""
    for row in rows:
        payload = row[6] if len(row) > 6 else None
        record = payload.get("record") if isinstance(payload, dict) else None
        for image in (record.get("images") or ()) if isinstance(record, dict) else ():
            sha = image.get("sha256") if isinstance(image, dict) else None
            if isinstance(sha, str):
                yield sha


def fetch_page_images(images: ImageStore, get: Callable[[str], tuple[int, bytes]], office: str,
                      rows: list[list[Any]]) -> int:
    """Fetch and verify every image of the page not held yet; returns how many were stored.
    *get* asks the partner for a path of its exchange (signed as the feed request is)."""
    fetched = 0
    for sha in dict.fromkeys(named_images(rows)):
        if images.has(sha):
            continue
        code, body = get(IMAGES_PATH + sha)
        if code == 404:
            continue
        if code != 200:
            raise ImageError(f"image {sha[:16]}… from {office}: HTTP {code}")
        images.put_expected(sha, body, office)
        fetched += 1
    return fetched
