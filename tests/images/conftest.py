"""Real logos (simple-icons, CC0; see data/SOURCE.txt) and hostile images built byte by byte."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from marknet.images.decode import decode_image

DATA = Path(__file__).parent / "data"
LOGOS = ("adidas", "nike", "apple", "mastercard", "shell", "bmw", "aeroflot", "github")


def logo_svg(slug: str) -> bytes:
    return (DATA / f"{slug}.svg").read_bytes()


def logo_png(slug: str, side: int = 256) -> bytes:
    pixels = decode_image(logo_svg(slug), f"{slug}.svg").pixels
    pixels.thumbnail((side, side))
    out = io.BytesIO()
    pixels.save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(
        ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def bomb_png(side: int = 100_000) -> bytes:
    """A valid PNG of a few hundred bytes that declares side×side pixels (10 gigapixels)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * (side + 1) * 16, 9)  # only the first rows: enough to start
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows)
            + _chunk(b"IEND", b""))


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="session")
def adidas_png() -> bytes:
    return logo_png("adidas")
