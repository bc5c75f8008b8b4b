"""Images written out with exported records: each image's original beside the records.

ST.96 and ST.66 documents name an image by ``FileName``; the exported copy of a record names
each stored image ``<ST.13 id>-<n>.<ext>`` and the file is written under that name beside the
XML files (for JSON Lines, in ``<file>-images/`` with a relative ``path``), so the folder
re-imports with its images and any office's tools find them as they expect. The register keeps
the applicant's own file name; only the exported copy is renamed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from marknet.errors import NotFoundError
from marknet.images.decode import sniff
from marknet.images.store import ImageStore

__all__ = ["ImageWriter"]

_EXTENSIONS = {"jpeg": "jpg", "tiff": "tif"}


class ImageWriter:
    """Writes the images of the records passing through into *folder*."""

    def __init__(self, store: ImageStore, folder: Path, prefix: str = "") -> None:
        self.store = store
        self.folder = folder
        self.prefix = prefix  # the path records give, relative to where they are written
        self.written = 0
        self.missing: list[str] = []

    def records(self, records: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            images = record.get("images")
            yield {**record, "images": [self._one(record, i, image)
                                        for i, image in enumerate(images, 1)]} if images else dict(
                record)

    def _one(self, record: Mapping[str, Any], n: int, image: Mapping[str, Any]
             ) -> dict[str, Any]:
        sha = image.get("sha256")
        if not sha:
            return dict(image)
        try:
            data, _ = self.store.original(sha)
        except NotFoundError:  # a partner's image not fetched yet: the reference stays
            self.missing.append(sha)
            return dict(image)
        kind = sniff(data) or "bin"
        name = f"{record.get('id') or 'image'}-{n}.{_EXTENSIONS.get(kind, kind)}"
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / name
        if not target.is_file():
            target.write_bytes(data)
            self.written += 1
        out = {**image, "name": name}
        if self.prefix:
            out["path"] = f"{self.prefix}/{name}"
        return out
