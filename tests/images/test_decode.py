"""Hostile and broken images are refused with one clear line; good ones decode."""

from __future__ import annotations

import pytest

from marknet.errors import ImageError, ImageTooLargeError
from marknet.images.decode import ImageLimits, decode_image, sniff
from tests.images.conftest import bomb_png, jpeg_bytes, logo_svg


def test_a_real_logo_svg_renders_and_is_named_by_its_hash() -> None:
    image = decode_image(logo_svg("nike"), "nike.svg")
    assert image.kind == "svg"
    assert image.media_type == "image/svg+xml"
    assert image.width == 512
    assert image.pixels.mode == "RGBA"
    assert len(image.sha256) == 64
    assert image.pixels.getchannel("A").getbbox() is not None  # something was drawn


def test_decompression_bomb_is_refused_before_decoding() -> None:
    data = bomb_png()
    assert len(data) < 2000
    with pytest.raises(ImageError, match=r"bomb\.png: decompression bomb refused"):
        decode_image(data, "bomb.png")


def test_an_image_over_the_offices_pixel_limit_is_refused_from_its_header() -> None:
    with pytest.raises(ImageError, match=r"big\.png: 7000×7000 pixels, more than the 40,000,000"):
        decode_image(bomb_png(7000), "big.png")


def test_truncated_png_is_refused(adidas_png: bytes) -> None:
    with pytest.raises(ImageError, match=r"logo\.png: corrupt or truncated PNG"):
        decode_image(adidas_png[: len(adidas_png) // 2], "logo.png")


def test_corrupt_bytes_after_a_valid_header_are_refused(adidas_png: bytes) -> None:
    broken = adidas_png[:60] + bytes(len(adidas_png) - 60)
    with pytest.raises(ImageError, match="corrupt or truncated PNG"):
        decode_image(broken, "logo.png")


def test_a_jpeg_named_png_is_refused_as_a_lie() -> None:
    with pytest.raises(ImageError, match=r"logo\.png: the content is JPEG, not PNG as its name"):
        decode_image(jpeg_bytes(), "logo.png")


def test_a_declared_content_type_that_lies_is_refused() -> None:
    with pytest.raises(ImageError, match="the content is JPEG, not PNG as its type says"):
        decode_image(jpeg_bytes(), "upload", declared="image/png")


def test_text_pretending_to_be_an_image_is_refused() -> None:
    with pytest.raises(ImageError, match=r"evil\.png: not an image of a known type"):
        decode_image(b"#!/bin/sh\nrm -rf /\n", "evil.png")


def test_too_many_bytes_are_refused_before_decoding() -> None:
    with pytest.raises(ImageTooLargeError, match="50,000,000 bytes, more than the 10,485,760"):
        decode_image(b"\x89PNG\r\n\x1a\n" + bytes(50_000_000 - 8), "huge.png")


def test_limits_are_settings_not_constants(adidas_png: bytes) -> None:
    with pytest.raises(ImageError, match="256×256 pixels"):
        decode_image(adidas_png, "logo.png", limits=ImageLimits(max_pixels=10_000))


SVG_HEAD = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'viewBox="0 0 64 64">')


@pytest.mark.parametrize(("body", "reason"), [
    (f'{SVG_HEAD}<script>alert(1)</script></svg>', "<script> element refused"),
    (f'{SVG_HEAD}<rect width="9" height="9" onload="alert(1)"/></svg>',
     "event handler 'onload' refused"),
    (f'{SVG_HEAD}<image xlink:href="http://127.0.0.1:9/x.png" width="9" height="9"/></svg>',
     "reference to 'http://127.0.0.1:9/x.png' refused"),
    (f'{SVG_HEAD}<image href="file:///etc/passwd" width="9" height="9"/></svg>',
     "reference to 'file:///etc/passwd' refused"),
    (f'{SVG_HEAD}<rect style="fill:url(http://127.0.0.1:9/p)" width="9" height="9"/></svg>',
     "refers outside the document"),
    (f'{SVG_HEAD}<style>@import url(http://127.0.0.1:9/a.css);</style></svg>',
     "style refers outside the document"),
    ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     f'{SVG_HEAD}<text>&x;</text></svg>', "DOCTYPE or entities refused"),
    (f'{SVG_HEAD}<foreignObject><p>hi</p></foreignObject></svg>', "<foreignobject> element"),
])
def test_unsafe_svg_is_refused_and_nothing_is_fetched(body: str, reason: str) -> None:
    with pytest.raises(ImageError, match=reason):
        decode_image(body.encode(), "mark.svg")


def test_internal_references_in_svg_are_fine() -> None:
    svg = (f'{SVG_HEAD}<defs><rect id="r" width="40" height="40"/></defs>'
           '<use xlink:href="#r" fill="red"/></svg>').encode()
    assert decode_image(svg, "mark.svg").kind == "svg"


@pytest.mark.parametrize(("head", "kind"), [
    (b"\x89PNG\r\n\x1a\n....", "png"), (b"\xff\xd8\xff\xe0", "jpeg"), (b"GIF89a", "gif"),
    (b"RIFF\0\0\0\0WEBPVP8 ", "webp"), (b"II*\x00", "tiff"), (b"<svg xmlns='x'/>", "svg"),
    (b"%PDF-1.7", None), (b"<html><body/>", None)])
def test_type_is_sniffed_from_the_bytes(head: bytes, kind: str | None) -> None:
    assert sniff(head) == kind
