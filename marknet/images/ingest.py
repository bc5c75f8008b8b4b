"""Images that arrive with records: named beside the source file, or given inline.

A record read from JSON Lines, ST.96 or ST.66 names its images; here each is found, checked,
stored and replaced by its SHA-256, before the record is validated and written:

* ``{"name": "logo.png", "data": "<base64>"}`` (JSON Lines): the bytes inline;
* ``{"name": "logo.png", "path": "logos/logo.png"}``: a file, relative to the source file;
* ``{"name": "logo.png"}`` (ST.96 ``FileName``): a file of that name in the images folder
  (``--images DIR``, or the folder of an imported zip), else beside the source file.

When an images folder is given, an image it does not hold rejects its record (the office
promised the files); without one, a name with no file beside the source stays a bare reference,
as in offices' bulk data published without images. A bad image rejects its record with the
image's error; the record is never written half (its image is stored first, and a stored image
no record names is harmless).
"""

from __future__ import annotations

import base64
import binascii
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from marknet.errors import ImageError, ImageTooLargeError, InputError, MarknetError
from marknet.formats.items import ImportItem, SourceItem
from marknet.images.store import ImageStore

__all__ = ["ImageSource", "attach_images", "resolve_images", "unpacked_zip"]


@dataclass(frozen=True, slots=True)
class ImageSource:
    """Where a source's images are: beside it, and maybe a folder that must hold them all."""

    beside: Path
    folder: Path | None
    store_root: Path

    def find(self, name: str, path: str | None) -> Path | None:
        if path is not None:
            return _inside(self.beside, path)
        if self.folder is not None:
            return _inside(self.folder, name)
        candidate = _inside(self.beside, name)
        return candidate if candidate is not None and candidate.is_file() else None


def attach_images(items: Iterable[ImportItem], source: ImageSource) -> Iterator[ImportItem]:
    """The items with their images stored; source-form items resolve in the import workers."""
    for item in items:
        if isinstance(item, SourceItem):
            yield SourceItem(item.position, item.source, partial(_read_resolving, item.reader,
                                                                 source))
        else:
            yield _resolved(item, source)


def _read_resolving(reader: Any, source: ImageSource, position: str, raw: bytes) -> ImportItem:
    return _resolved(reader(position, raw), source)


def _resolved(item: ImportItem, source: ImageSource) -> ImportItem:
    if item.data is None or not item.data.get("images"):
        return item
    try:
        data = resolve_images(item.data, source)
    except MarknetError as exc:
        return ImportItem(item.position, error=exc.message)
    return ImportItem(item.position, data)


def resolve_images(data: Mapping[str, Any], source: ImageSource) -> dict[str, Any]:
    """*data* with each image that brings bytes stored and named by its SHA-256."""
    store = ImageStore(source.store_root)
    images = []
    for i, image in enumerate(data.get("images") or ()):
        if not isinstance(image, Mapping):
            images.append(image)
            continue
        image = dict(image)
        inline, path = image.pop("data", None), image.pop("path", None)
        claimed = image.get("sha256")
        if claimed and store.has(str(claimed).lower()):
            images.append(image)  # already held: the record only names it
            continue
        name = str(image.get("name") or f"image-{i + 1}")
        blob = _inline(inline, name) if inline is not None else _file(source, name, path)
        if blob is not None:
            stored = (store.put_expected(str(claimed).lower(), blob, name) if claimed
                      else store.put(blob, name))
            image["sha256"] = stored.sha256
        images.append(image)
    return {**data, "images": images}


def _inline(value: Any, name: str) -> bytes:
    if not isinstance(value, str):
        raise ImageError(f"image {name}: data must be base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImageError(f"image {name}: data is not valid base64 ({exc})") from exc


def _file(source: ImageSource, name: str, path: Any) -> bytes | None:
    found = source.find(name, str(path) if path is not None else None)
    if found is None and (path is not None or source.folder is not None):
        raise ImageError(f"image {path or name}: not a file inside the source's folder")
    if found is None:
        return None
    if not found.is_file():
        raise ImageError(f"image {path or name}: referenced but missing (looked for {found})")
    limit = ImageStore(source.store_root).limits.max_bytes
    if (size := found.stat().st_size) > limit:  # refused before reading 50 MB
        raise ImageTooLargeError(f"image {path or name}: {size:,} bytes, more than the "
                                 f"{limit:,} an image may have")
    return found.read_bytes()


def _inside(folder: Path, name: str) -> Path | None:
    """*name* under *folder*, or None if it would leave it (``../``, absolute paths)."""
    if not name or "\x00" in name:
        return None
    candidate = (folder / name).resolve()
    base = folder.resolve()
    return candidate if candidate == base or base in candidate.parents else None


_ZIP_MAX_BYTES = 4 * 1024**3
_ZIP_MAX_MEMBERS = 200_000
_RECORD_SUFFIXES = (".xml", ".jsonl", ".csv")


@contextmanager
def unpacked_zip(path: Path) -> Iterator[tuple[Path, list[Path]]]:
    """A zip's members in a temporary folder, and its record files (XML, JSON Lines, CSV).

    The declared sizes are checked before anything is written (a zip bomb is refused whole);
    member names cannot leave the folder (``zipfile`` strips ``..`` and absolute paths).
    """
    with zipfile.ZipFile(path) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        if len(infos) > _ZIP_MAX_MEMBERS or total > _ZIP_MAX_BYTES:
            raise InputError(f"{path.name}: {len(infos):,} files, {total:,} bytes unpacked: "
                             "more than a zip may hold here")
        with tempfile.TemporaryDirectory(prefix="marknet-zip-") as tmp:
            folder = Path(tmp)
            archive.extractall(folder)
            members = sorted(p for p in folder.rglob("*")
                             if p.is_file() and p.suffix.lower() in _RECORD_SUFFIXES)
            if not members:
                raise InputError(f"{path.name}: no record file (.xml, .jsonl, .csv) inside")
            yield folder, members
