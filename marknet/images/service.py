"""Searching by image for a serving node: the index opened once, caught up before each search.

A query is an uploaded image (decoded with the same checks as a filed one, then forgotten) or
a record's own image. Hits are records; who may see which is the caller's business
(``accounts.access``), so the service returns more than asked and the caller trims.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from marknet.errors import InputError
from marknet.images.decode import decode_image
from marknet.images.descriptors import Descriptor
from marknet.images.index import ImageHit, ImageIndex
from marknet.images.parts import query_descriptors
from marknet.images.persist import catch_up, open_image_index, save_index
from marknet.images.store import ImageStore
from marknet.store import Store

__all__ = ["ImageQuery", "ImageSearch"]

_SAVE_AFTER = 200  # records caught up since the last save before the index is saved again


@dataclass(frozen=True, slots=True)
class ImageQuery:
    descriptors: tuple[Descriptor, ...]  # the whole image, then its dominant parts
    vienna: tuple[str, ...] = ()  # the query's own codes: shared ones bring images closer
    record_id: str | None = None  # a record's image: that record is not its own hit


class ImageSearch:
    def __init__(self, store: Store, data_dir: Path) -> None:
        self.store = store
        self.images = ImageStore.in_data_dir(data_dir)
        self.folder = data_dir / "index" / "images"
        self._index: ImageIndex | None = None
        self._unsaved = 0
        self._lock = threading.Lock()

    def index(self) -> ImageIndex:
        with self._lock:
            if self._index is None:
                self._index = open_image_index(self.folder, self.store, self.images)
            else:
                self._unsaved += catch_up(self._index, self.store, self.images)
                if self._unsaved >= _SAVE_AFTER:
                    save_index(self.folder, self._index)
                    self._unsaved = 0
            return self._index

    def query_from_upload(self, data: bytes, name: str, declared: str | None,
                          vienna: Sequence[str] = ()) -> ImageQuery:
        image = decode_image(data, name, declared, self.images.limits)
        return ImageQuery(query_descriptors(image.pixels), tuple(vienna))

    def query_from_record(self, record_id: str, data: dict[str, object]) -> ImageQuery:
        """The first stored image of a record, with its Vienna codes."""
        for image in data.get("images") or ():  # type: ignore[attr-defined]
            sha = image.get("sha256")
            descriptor = self.images.descriptor(sha) if sha else None
            if descriptor is not None:
                return ImageQuery((descriptor,), tuple(image.get("vienna_codes") or ()),
                                  record_id)
        raise InputError(f"{record_id} has no stored image to search with", id=record_id)

    def search(self, query: ImageQuery, limit: int, vienna_filter: Sequence[str] = (),
               registers: Sequence[str] = ()) -> list[ImageHit]:
        return self.index().search(query.descriptors, limit, query.vienna, vienna_filter,
                                   registers, query.record_id)
