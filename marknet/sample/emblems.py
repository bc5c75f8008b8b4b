"""Figurative marks for the demo: drawn emblems (stars, suns, shields, waves…) with their images.

Each node gets its own emblems, and some of BY's are RU's drawn again in other colours, turned
or framed, so that searching by image on either node finds look-alikes in the partner's mirror
once the images have replicated. Drawn here (not real logos): the demo ships no one's mark.
"""

from __future__ import annotations

import base64
import io
import math
import random
from collections.abc import Callable
from typing import Any

from PIL import Image, ImageDraw

__all__ = ["demo_emblems", "emblem_png"]

_SIDE = 256
_NAMES = {"star": ("Звезда", "Зорка", "01.01.01"),
          "sun": ("Солнце", "Сонца", "01.03.15"),
          "crescent": ("Полумесяц", "Паўмесяц", "01.07.06"),
          "triangle": ("Пирамида", "Піраміда", "26.03.01"),
          "wave": ("Волна", "Хваля", "26.11.03"),
          "shield": ("Щит", "Шчыт", "24.01.03"),
          "ring": ("Кольцо", "Кольца", "26.01.03")}
Shape = Callable[[ImageDraw.ImageDraw, tuple[int, int, int], random.Random], None]


def _star(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int], rng: random.Random) -> None:
    points, outer, inner = rng.choice((5, 6, 8)), 110, rng.randint(40, 60)
    draw.polygon([(128 + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / points),
                   128 - (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / points))
                  for i in range(2 * points)], fill=colour)


def _sun(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int], rng: random.Random) -> None:
    draw.ellipse((78, 78, 178, 178), fill=colour)
    rays = rng.choice((8, 12, 16))
    for i in range(rays):
        a = 2 * math.pi * i / rays
        draw.line((128 + 60 * math.cos(a), 128 + 60 * math.sin(a),
                   128 + 115 * math.cos(a), 128 + 115 * math.sin(a)), fill=colour, width=8)


def _crescent(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int],
              rng: random.Random) -> None:
    draw.ellipse((28, 28, 228, 228), fill=colour)
    shift = rng.randint(40, 70)
    draw.ellipse((28 + shift, 18, 228 + shift, 218), fill=(255, 255, 255))


def _triangle(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int],
              rng: random.Random) -> None:
    draw.polygon([(128, 20), (236, 220), (20, 220)], fill=colour)
    if rng.random() < 0.5:
        draw.polygon([(128, 100), (180, 200), (76, 200)], fill=(255, 255, 255))


def _wave(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int], rng: random.Random) -> None:
    for row in range(rng.choice((2, 3))):
        y = 90 + row * 45
        draw.line([(x, y + 22 * math.sin(x / 20)) for x in range(20, 237, 4)], fill=colour,
                  width=14)


def _shield(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int], rng: random.Random) -> None:
    draw.polygon([(40, 30), (216, 30), (216, 130), (128, 230), (40, 130)], fill=colour)
    if rng.random() < 0.5:
        draw.rectangle((118, 50, 138, 180), fill=(255, 255, 255))


def _ring(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int], rng: random.Random) -> None:
    draw.ellipse((30, 30, 226, 226), outline=colour, width=rng.randint(16, 30))
    draw.ellipse((98, 98, 158, 158), fill=colour)


_SHAPES: dict[str, Shape] = {"star": _star, "sun": _sun, "crescent": _crescent,
                             "triangle": _triangle, "wave": _wave, "shield": _shield,
                             "ring": _ring}


def emblem_png(shape: str, seed: int, colour: tuple[int, int, int], turn: float = 0.0) -> bytes:
    image = Image.new("RGB", (_SIDE, _SIDE), (255, 255, 255))
    _SHAPES[shape](ImageDraw.Draw(image), colour, random.Random(seed))
    if turn:
        image = image.rotate(turn, Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def demo_emblems(office: str, count: int = 42) -> list[dict[str, Any]]:
    """*count* figurative and combined marks of *office*, each with its image inline."""
    marks = []
    for n in range(count):
        shape = sorted(_SHAPES)[n % len(_SHAPES)]
        rng = random.Random(n)  # the same draw on both nodes…
        colour = (rng.randint(0, 160), rng.randint(0, 160), rng.randint(0, 160))
        turn = 0.0
        if office == "BY":  # …then BY's in other colours, some turned: look-alikes of RU's
            colour = (colour[2], colour[0], colour[1])
            turn = 10.0 if n % 3 == 0 else 0.0
        ru_name, be_name, vienna = _NAMES[shape]
        text, language = (ru_name, "ru") if office == "RU" else (be_name, "be")
        marks.append(_mark(office, n, shape, text, language, vienna,
                           emblem_png(shape, n, colour, turn)))
    return marks


def _mark(office: str, n: int, shape: str, text: str, language: str, vienna: str,
          png: bytes) -> dict[str, Any]:
    year = 2015 + n % 10
    number = f"{year}79{n:04d}" if office == "RU" else f"e{year}{n:04d}"
    combined = n % 2 == 0
    return {
        "office": office, "application_number": number, "filing_date": f"{year}-06-01",
        "feature": "Combined" if combined else "Figurative", "kind": "individual",
        "verbal_elements": [{"text": f"{text} {n}", "language": language}] if combined else [],
        "goods_services": [{"nice_class": 30 + n % 4}],
        "parties": [{"name": f"ООО «Эмблема {n}»", "role": "holder", "country": office}],
        "images": [{"name": f"{shape}-{n}.png", "vienna_codes": [vienna],
                    "data": base64.b64encode(png).decode()}],
        "status": "registered", "registration_number": f"{79_000 + n}",
        "registration_date": f"{year + 1}-06-01", "expiry_date": f"{year + 10}-06-01",
    }
