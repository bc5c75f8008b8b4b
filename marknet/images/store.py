"""The node's images, content-addressed by SHA-256, under ``DATA_DIR/images/``.

```
images/originals/ab/abcdef…        the bytes as received (PNG, JPEG, SVG…), never changed
images/thumbs/128/ab/abcdef….png   thumbnails, made once when the image arrives
images/thumbs/512/ab/abcdef….png
images/descriptors/ab/abcdef….bin  perceptual hashes and shape moments (descriptors.py)
```

Every file is written to a temporary name and renamed into place, the original last: an image
is in the store once its original is, and then everything made from it is too. A crash leaves
at most unreferenced thumbnails, which the next put of that image overwrites. The same
directory serves SQLite and PostgreSQL nodes (see the README for why not a table).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from marknet.errors import ImageError, InputError, NotFoundError
from marknet.images.decode import MEDIA_TYPES, DecodedImage, ImageLimits, decode_image, sniff
from marknet.images.descriptors import Descriptor, describe

__all__ = ["THUMB_SIZES", "ImageStore", "StoredImage"]

THUMB_SIZES = (128, 512)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class StoredImage:
    sha256: str
    media_type: str
    width: int
    height: int
    size: int
    created: bool  # False when the store already held these bytes


class ImageStore:
    def __init__(self, root: Path, limits: ImageLimits | None = None) -> None:
        self.root = root
        self.limits = limits or ImageLimits()

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> ImageStore:
        return cls(data_dir / "images")

    # -- writing -------------------------------------------------------------------------------
    def put(self, data: bytes, name: str = "image", declared: str | None = None) -> StoredImage:
        """Check, decode and keep *data* with its thumbnails and descriptor."""
        if len(data) > self.limits.max_bytes:  # before hashing or sniffing 50 MB
            decode_image(data, name, declared, self.limits)
        sha = hashlib.sha256(data).hexdigest()
        if self.has(sha):
            return self._stored(sha, created=False)
        image = decode_image(data, name, declared, self.limits)
        self._write_derived(image)
        self._write(self._original(sha), data)
        return StoredImage(sha, image.media_type, image.width, image.height, len(data), True)

    def put_expected(self, sha256: str, data: bytes, source: str) -> StoredImage:
        """Keep bytes that claim to be *sha256* (from a partner): a mismatch is refused."""
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            raise ImageError(f"image {sha256[:16]}… from {source}: the bytes hash to "
                             f"{actual[:16]}…; refused", expected=sha256, actual=actual)
        return self.put(data, f"image {sha256[:16]}… from {source}")

    def _write_derived(self, image: DecodedImage) -> None:
        for size in THUMB_SIZES:
            thumb = image.pixels.copy()
            thumb.thumbnail((size, size), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            thumb.save(out, "PNG")
            self._write(self.thumbnail_path(image.sha256, size), out.getvalue())
        self._write(self._descriptor(image.sha256), describe(image.pixels).to_bytes())

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
        temporary.write_bytes(data)
        os.replace(temporary, path)

    # -- reading -------------------------------------------------------------------------------
    def has(self, sha256: str) -> bool:
        return bool(_SHA256.match(sha256)) and self._original(sha256).is_file()

    def original(self, sha256: str) -> tuple[bytes, str]:
        """The original bytes and their media type."""
        data = self._path_of(sha256, self._original(sha256)).read_bytes()
        return data, MEDIA_TYPES.get(sniff(data) or "", "application/octet-stream")

    def thumbnail(self, sha256: str, size: int) -> bytes:
        if size not in THUMB_SIZES:
            raise InputError(f"thumbnail size must be one of {THUMB_SIZES}, not {size}")
        return self._path_of(sha256, self.thumbnail_path(sha256, size)).read_bytes()

    def descriptor(self, sha256: str) -> Descriptor | None:
        path = self._descriptor(sha256)
        return Descriptor.from_bytes(path.read_bytes()) if path.is_file() else None

    def thumbnail_path(self, sha256: str, size: int) -> Path:
        return self.root / "thumbs" / str(size) / sha256[:2] / f"{sha256}.png"

    def _stored(self, sha256: str, created: bool) -> StoredImage:
        data, media_type = self.original(sha256)
        with Image.open(self.thumbnail_path(sha256, 512)) as thumb:
            width, height = thumb.size  # the thumbnail keeps the proportions
        if (kind := sniff(data)) != "svg":
            with Image.open(io.BytesIO(data), formats=[str(kind).upper()]) as image:
                width, height = image.size
        return StoredImage(sha256, media_type, width, height, len(data), created)

    def _path_of(self, sha256: str, path: Path) -> Path:
        if not _SHA256.match(sha256) or not path.is_file():
            raise NotFoundError(f"no image {sha256}", sha256=sha256)
        return path

    def _original(self, sha256: str) -> Path:
        return self.root / "originals" / sha256[:2] / sha256

    def _descriptor(self, sha256: str) -> Path:
        return self.root / "descriptors" / sha256[:2] / f"{sha256}.bin"
