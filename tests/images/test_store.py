"""The content-addressed store: originals kept, thumbnails made once, partners' bytes checked."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from marknet.errors import ImageError, ImageTooLargeError, NotFoundError
from marknet.images import THUMB_SIZES, ImageStore
from tests.images.conftest import bomb_png, logo_svg


def test_put_keeps_the_original_and_makes_both_thumbnails(tmp_path: Path,
                                                          adidas_png: bytes) -> None:
    store = ImageStore(tmp_path / "images")
    stored = store.put(adidas_png, "adidas.png")
    assert stored.sha256 == hashlib.sha256(adidas_png).hexdigest()
    assert stored.created
    assert store.original(stored.sha256) == (adidas_png, "image/png")
    for size in THUMB_SIZES:
        with Image.open(io.BytesIO(store.thumbnail(stored.sha256, size))) as thumb:
            assert max(thumb.size) == min(size, 256)
            assert thumb.format == "PNG"
    assert store.descriptor(stored.sha256) is not None
    again = store.put(adidas_png, "other-name.png")
    assert again.sha256 == stored.sha256
    assert not again.created


def test_svg_original_is_kept_as_svg_and_thumbnailed(tmp_path: Path) -> None:
    store = ImageStore(tmp_path)
    stored = store.put(logo_svg("shell"), "shell.svg")
    assert store.original(stored.sha256)[1] == "image/svg+xml"
    with Image.open(io.BytesIO(store.thumbnail(stored.sha256, 128))) as thumb:
        assert max(thumb.size) == 128


def test_a_refused_image_leaves_nothing_behind(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    with pytest.raises(ImageError):
        store.put(bomb_png(), "bomb.png")
    with pytest.raises(ImageTooLargeError, match="52,428,800 bytes"):
        store.put(b"\x89PNG\r\n\x1a\n" + bytes(50 * 1024 * 1024 - 8), "big.png")
    assert not (tmp_path / "images").exists() or not any(
        p.is_file() for p in (tmp_path / "images").rglob("*"))


def test_bytes_from_a_partner_must_hash_to_the_name_they_came_under(tmp_path: Path,
                                                                     adidas_png: bytes) -> None:
    store = ImageStore(tmp_path)
    wrong = "0" * 64
    with pytest.raises(ImageError, match=r"from BY: the bytes hash to .*; refused"):
        store.put_expected(wrong, adidas_png, "BY")
    assert not store.has(wrong)
    sha = hashlib.sha256(adidas_png).hexdigest()
    assert store.put_expected(sha, adidas_png, "BY").created


def test_unknown_and_malformed_hashes_are_not_found(tmp_path: Path) -> None:
    store = ImageStore(tmp_path)
    with pytest.raises(NotFoundError, match="no image"):
        store.original("a" * 64)
    with pytest.raises(NotFoundError):
        store.thumbnail("../../etc/passwd", 128)
