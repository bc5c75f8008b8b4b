"""Variants of a logo as an examiner meets them, and made-up marks to hide logos among.

Queries are the ways a figurative mark comes back changed: scaled, recoloured, cropped,
rotated, blurred, put on a coloured ground, set beside words. Distractors are other marks made
from the real logos (two side by side or stacked, one mirrored, turned or framed), so the
corpus looks like a register of figurative marks rather than noise.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter, ImageOps

__all__ = ["DISTRACTORS", "VARIANTS", "distractor", "on_white", "variant"]

_WHITE = (255, 255, 255, 255)
_WORDS = ("ЛУКОЙЛ", "LUKOIL", "Крыніца", "Криница", "ALPHA", "Nord", "Савушкин", "TECH")


def on_white(image: Image.Image) -> Image.Image:
    ground = Image.new("RGBA", image.size, _WHITE)
    return Image.alpha_composite(ground, image.convert("RGBA"))


def _scaled(image: Image.Image, rng: random.Random) -> Image.Image:
    side = rng.randint(40, 90)
    return image.resize((side, side), Image.Resampling.LANCZOS)


def _recoloured(image: Image.Image, rng: random.Random) -> Image.Image:
    colour = (rng.randint(0, 200), rng.randint(0, 200), rng.randint(0, 200), 255)
    alpha = image.convert("RGBA").getchannel("A")
    painted = Image.new("RGBA", image.size, colour)
    painted.putalpha(alpha)
    return painted


def _cropped(image: Image.Image, rng: random.Random) -> Image.Image:
    w, h = image.size
    cut = int(w * rng.uniform(0.04, 0.10))
    box = [(cut, 0, w, h), (0, 0, w - cut, h), (0, cut, w, h), (0, 0, w, h - cut)]
    return on_white(image).crop(rng.choice(box))


def _rotated(image: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.choice((-1, 1)) * rng.uniform(5, 15)
    return on_white(image).rotate(angle, Image.Resampling.BICUBIC, expand=True,
                                  fillcolor=_WHITE)


def _blurred(image: Image.Image, rng: random.Random) -> Image.Image:
    return on_white(image).filter(ImageFilter.GaussianBlur(rng.uniform(1.5, 3.0)))


def _on_background(image: Image.Image, rng: random.Random) -> Image.Image:
    colour = (rng.randint(180, 255), rng.randint(180, 255), rng.randint(120, 255), 255)
    w, h = image.size
    ground = Image.new("RGBA", (w + w // 3, h + h // 3), colour)
    ground.alpha_composite(image.convert("RGBA"), (w // 6, h // 6))
    return ground


def _with_words(image: Image.Image, rng: random.Random) -> Image.Image:
    w, h = image.size
    canvas = Image.new("RGBA", (w + w // 2, h), _WHITE)
    canvas.alpha_composite(image.convert("RGBA"))
    draw = ImageDraw.Draw(canvas)
    draw.text((w + 4, h // 2), rng.choice(_WORDS), fill=(0, 0, 0, 255),
              font_size=max(8, h // 8), anchor="lm")
    return canvas


Variant = Callable[[Image.Image, random.Random], Image.Image]
VARIANTS: dict[str, Variant] = {
    "scaled": _scaled, "recoloured": _recoloured, "cropped": _cropped, "rotated": _rotated,
    "blurred": _blurred, "background": _on_background, "words": _with_words,
}


def variant(kind: str, image: Image.Image, seed: int) -> Image.Image:
    return VARIANTS[kind](image, random.Random(seed))


def _pair(a: Image.Image, b: Image.Image, rng: random.Random) -> Image.Image:
    w, h = a.size
    across = rng.random() < 0.5
    canvas = Image.new("RGBA", (w * 2, h) if across else (w, h * 2), _WHITE)
    small_b = b.resize(a.size)
    canvas.alpha_composite(a.convert("RGBA"))
    canvas.alpha_composite(small_b.convert("RGBA"), (w, 0) if across else (0, h))
    return canvas


def _turned(a: Image.Image, b: Image.Image, rng: random.Random) -> Image.Image:
    turned = on_white(a).rotate(rng.choice((90, 180, 270)))
    return ImageOps.mirror(turned) if rng.random() < 0.5 else turned


def _framed(a: Image.Image, b: Image.Image, rng: random.Random) -> Image.Image:
    w, h = a.size
    canvas = Image.new("RGBA", (w + w // 2, h + h // 2), _WHITE)
    draw = ImageDraw.Draw(canvas)
    box = (2, 2, canvas.width - 3, canvas.height - 3)
    if rng.random() < 0.5:
        draw.ellipse(box, outline=(0, 0, 0, 255), width=max(2, w // 24))
    else:
        draw.rectangle(box, outline=(0, 0, 0, 255), width=max(2, w // 24))
    canvas.alpha_composite(a.convert("RGBA"), (w // 4, h // 4))
    return canvas


def _overlaid(a: Image.Image, b: Image.Image, rng: random.Random) -> Image.Image:
    canvas = on_white(a)
    small = b.resize((a.width // 2, a.height // 2))
    canvas.alpha_composite(_recoloured(small, rng), (rng.randint(0, a.width // 2),
                                                     rng.randint(0, a.height // 2)))
    return canvas


DISTRACTORS = (_pair, _turned, _framed, _overlaid)


def distractor(a: Image.Image, b: Image.Image, seed: int) -> Image.Image:
    rng = random.Random(seed)
    return rng.choice(DISTRACTORS)(a, b, rng)
