"""What an image looks like, in a few numbers: perceptual hashes of its shape, a colour hash and
the Hu moments of its silhouette.

A logo is compared by its *shape* first: the foreground (every pixel that differs from the
background, which is the colour of the border) is cut out, cropped to its bounding box, centred
on a square and hashed as a black-on-white silhouette. So a recoloured logo, or one put on a
coloured ground, keeps its shape hashes; its colours are compared apart, by the colour hash.
Hu's seven moment invariants of the silhouette do not change under scaling and rotation, which
the hashes do.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import cv2
import imagehash
import numpy as np
from PIL import Image, ImageOps

__all__ = ["COLOUR_BITS", "HASH_BITS", "Descriptor", "describe", "foreground", "on_white"]

HASH_BITS = 64
COLOUR_BITS = 42  # imagehash.colorhash with binbits=3: 14 bins × 3 bits
_SHAPE_SIDE = 128
_WORK_SIDE = 160
_FOREGROUND_DELTA = 40  # a channel this far from the background's makes a pixel foreground
_PACK = struct.Struct("<4Q7f")


@dataclass(frozen=True, slots=True)
class Descriptor:
    phash: int
    dhash: int
    whash: int
    colour: int
    hu: tuple[float, ...]  # log-scaled Hu moments of the silhouette

    def to_bytes(self) -> bytes:
        return _PACK.pack(self.phash, self.dhash, self.whash, self.colour, *self.hu)

    @classmethod
    def from_bytes(cls, raw: bytes) -> Descriptor:
        values = _PACK.unpack(raw)
        return cls(int(values[0]), int(values[1]), int(values[2]), int(values[3]),
                   tuple(float(v) for v in values[4:]))


def describe(pixels: Image.Image) -> Descriptor:
    rgb = on_white(pixels)
    mask = foreground(np.asarray(rgb))
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:  # a blank image: its whole frame is the shape
        mask[:] = True
        ys, xs = np.nonzero(mask)
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    silhouette = _square(Image.fromarray(np.where(mask[top:bottom, left:right], 0, 255)
                                         .astype(np.uint8)))
    crop = rgb.crop((int(left), int(top), int(right), int(bottom)))
    crop.thumbnail((64, 64), Image.Resampling.BILINEAR)  # colours need no detail
    colour = imagehash.colorhash(crop, 3)
    return Descriptor(_bits(imagehash.phash(silhouette)), _bits(imagehash.dhash(silhouette)),
                      _bits(imagehash.whash(silhouette, image_scale=64)), _bits(colour),
                      _hu(np.asarray(silhouette) < 128))


def on_white(pixels: Image.Image, side: int = _WORK_SIDE) -> Image.Image:
    """The image flattened on white, at most *side* pixels across."""
    image = pixels.convert("RGBA")
    if max(image.size) > side:  # the descriptors need no more detail than this
        image = image.copy()
        image.thumbnail((side, side), Image.Resampling.BILINEAR)
    ground = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return Image.alpha_composite(ground, image).convert("RGB")


def foreground(rgb: np.ndarray) -> np.ndarray:
    """Pixels that differ from the background (the border's median colour)."""
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]]).astype(np.int16)
    background = np.median(border, axis=0)
    return np.asarray(np.abs(rgb.astype(np.int16) - background).max(axis=2) > _FOREGROUND_DELTA)


def _square(silhouette: Image.Image) -> Image.Image:
    side = max(silhouette.size)
    return ImageOps.pad(silhouette, (side, side), color=255).resize(
        (_SHAPE_SIDE, _SHAPE_SIDE), Image.Resampling.LANCZOS)


def _bits(value: imagehash.ImageHash) -> int:
    flat = np.asarray(value.hash, dtype=bool).flatten()
    return int.from_bytes(np.packbits(flat).tobytes(), "big") & ((1 << 64) - 1)


def _hu(mask: np.ndarray) -> tuple[float, ...]:
    moments = cv2.HuMoments(cv2.moments(mask.astype(np.uint8), binaryImage=True)).flatten()
    scaled = -np.sign(moments) * np.log10(np.abs(moments) + 1e-30)
    return tuple(float(v) for v in np.clip(scaled, -40.0, 40.0))
