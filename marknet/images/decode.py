"""Taking an image from outside: the type sniffed from its bytes, limits checked, decoded safely.

Raster images are decoded by Pillow with the pixel count checked from the header *before* any
pixel is decoded (a 40-byte PNG can declare gigapixels), then verified and fully loaded, so a
truncated or corrupt file is refused here and never reaches the store. SVG is rendered by
cairosvg only after the document was checked for what could make it reach outside or run
anything (a DTD or entities, scripts, event handlers, references to anything but its own
fragments); the renderer is also given a fetcher that refuses every URL.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from typing import Any

from lxml import etree
from PIL import Image, UnidentifiedImageError

from marknet.errors import ImageError, ImageTooLargeError

__all__ = ["MEDIA_TYPES", "DecodedImage", "ImageLimits", "decode_image", "sniff"]

MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif",
               "webp": "image/webp", "tiff": "image/tiff", "svg": "image/svg+xml"}
_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP", "tiff": "TIFF"}
_EXTENSIONS = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg", "gif": "gif", "webp": "webp",
               "tif": "tiff", "tiff": "tiff", "svg": "svg"}
_SVG_RENDER_PX = 512
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImageLimits:
    """What an office accepts: a mark image is a few hundred KB; these leave ample room."""

    max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 20_000


@dataclass(frozen=True, slots=True)
class DecodedImage:
    """An accepted image: its original bytes, their hash, and the decoded pixels (RGBA)."""

    data: bytes
    sha256: str
    kind: str  # a key of MEDIA_TYPES
    width: int
    height: int
    pixels: Image.Image

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


def sniff(data: bytes) -> str | None:
    """The image type the bytes themselves say, or None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg"))
            and b"<svg" in data[:4096].lower()):
        return "svg"
    return None


def decode_image(data: bytes, name: str = "image", declared: str | None = None,
                 limits: ImageLimits | None = None) -> DecodedImage:
    """Check and decode *data*; raise ImageError naming *name* and what is wrong."""
    limits = limits or ImageLimits()
    if len(data) > limits.max_bytes:
        raise ImageTooLargeError(f"{name}: {len(data):,} bytes, more than the "
                                 f"{limits.max_bytes:,} an image may have", name=name)
    if not data:
        raise ImageError(f"{name}: empty file", name=name)
    kind = sniff(data)
    if kind is None:
        raise ImageError(f"{name}: not an image of a known type (PNG, JPEG, GIF, WebP, TIFF, "
                         "SVG)", name=name)
    _check_declared(kind, name, declared)
    pixels = _render_svg(data, name) if kind == "svg" else _decode_raster(data, kind, name,
                                                                           limits)
    return DecodedImage(data, hashlib.sha256(data).hexdigest(), kind, pixels.width,
                        pixels.height, pixels)


def _check_declared(kind: str, name: str, declared: str | None) -> None:
    """A name or content type that says another type than the bytes is refused, not guessed."""
    said: str | None = None
    if declared and "/" in declared:
        said = next((k for k, v in MEDIA_TYPES.items() if v == declared.split(";")[0].strip()),
                    None)
        if said is None and declared.split("/")[0].strip() != "application":
            raise ImageError(f"{name}: declared as {declared}, which is not an image type "
                             "marknet takes", name=name)
    elif "." in name:
        said = _EXTENSIONS.get(name.rsplit(".", 1)[1].lower())
    if said is not None and said != kind:
        raise ImageError(f"{name}: the content is {kind.upper()}, not {said.upper()} as its "
                         f"{'type' if declared else 'name'} says", name=name)


def _decode_raster(data: bytes, kind: str, name: str, limits: ImageLimits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]]) as probe:
                _check_size(probe.width, probe.height, name, limits)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]]) as image:
                image.load()
                return image.convert("RGBA")
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageError(f"{name}: decompression bomb refused ({exc})", name=name) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(f"{name}: corrupt or truncated {kind.upper()} ({exc})",
                         name=name) from exc


def _check_size(width: int, height: int, name: str, limits: ImageLimits) -> None:
    if width * height > limits.max_pixels or max(width, height) > limits.max_side:
        raise ImageError(f"{name}: {width}×{height} pixels, more than the "
                         f"{limits.max_pixels:,} an image may decode to (a decompression bomb?)",
                         name=name)
    if width < 1 or height < 1:
        raise ImageError(f"{name}: no pixels ({width}×{height})", name=name)


def _render_svg(data: bytes, name: str) -> Image.Image:
    from cairosvg.surface import PNGSurface

    _check_svg(data, name)

    def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        raise ImageError(f"{name}: the SVG refers to {url}; nothing is fetched", name=name)

    try:
        png = PNGSurface.convert(bytestring=data, unsafe=False, url_fetcher=refuse_fetch,
                                 output_width=_SVG_RENDER_PX)
    except ImageError:
        raise
    except Exception as exc:  # cairosvg raises bare parser and cairo errors
        raise ImageError(f"{name}: the SVG cannot be rendered ({exc})", name=name) from exc
    with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
        image.load()
        return image.convert("RGBA")


def _check_svg(data: bytes, name: str) -> None:
    """Refuse a DTD, entities, scripts, handlers and any reference that leaves the document."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImageError(f"{name}: not well-formed SVG ({exc})", name=name) from exc
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ImageError(f"{name}: SVG with a DOCTYPE or entities refused", name=name)
    if root.tag != f"{_SVG_NS}svg":
        raise ImageError(f"{name}: the root element is not an SVG <svg>", name=name)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # processing instructions
        local = etree.QName(element).localname.lower()
        if local in ("script", "foreignobject", "iframe"):
            raise ImageError(f"{name}: SVG with a <{local}> element refused", name=name)
        for key, value in element.attrib.items():
            _check_attribute(str(key), str(value), name)
        if local == "style" and element.text and (
                _CSS_URL.search(element.text) or _CSS_IMPORT.search(element.text)):
            raise ImageError(f"{name}: SVG style refers outside the document", name=name)


def _check_attribute(key: str, value: str, name: str) -> None:
    local = key.rsplit("}", 1)[-1].lower()
    if local.startswith("on"):
        raise ImageError(f"{name}: SVG event handler {local!r} refused", name=name)
    if (key == _XLINK_HREF or local == "href") and not value.strip().startswith("#"):
        raise ImageError(f"{name}: SVG reference to {value.strip()[:80]!r} refused (only "
                         "references inside the document are followed)", name=name)
    if _CSS_URL.search(value) or _CSS_IMPORT.search(value):
        raise ImageError(f"{name}: SVG {local} refers outside the document", name=name)
