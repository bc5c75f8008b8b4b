"""The dominant part of a combined mark, for asking with it as well as with the whole.

A combined mark sets a figurative element beside or above words; an earlier mark may hold the
element alone. The query's foreground is split at empty columns (and, apart, at empty rows) into
runs; the run with most of the ink, if it is most of the ink but not the whole width, is asked
for too, and each indexed image keeps the nearer of the two distances.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from marknet.images.descriptors import Descriptor, describe, foreground, on_white

__all__ = ["dominant_parts", "query_descriptors"]

_PARTS_SIDE = 512
_MIN_GAP = 2  # pixels: narrower gaps are inside a part
_MIN_GAP_SHARE = 0.01  # the widest empty band must be this share of the side to part anything
_MIN_MASS_SHARE = 0.5  # the part must hold at least this share of the ink
_MAX_SIDE_SHARE = 0.85  # and be narrower than this share of the whole


def query_descriptors(pixels: Image.Image) -> tuple[Descriptor, ...]:
    return (describe(pixels), *(describe(part) for part in dominant_parts(pixels)))


def dominant_parts(pixels: Image.Image) -> list[Image.Image]:
    rgb = on_white(pixels, _PARTS_SIDE)  # gaps between parts must survive the scaling
    mask = foreground(np.asarray(rgb))
    parts = []
    for axis in (0, 1):  # split at empty columns, then at empty rows
        band = _dominant_band(np.asarray(mask.any(axis=axis)), np.asarray(mask.sum(axis=axis)))
        if band is not None:
            start, stop = band
            box = (start, 0, stop, rgb.height) if axis == 0 else (0, start, rgb.width, stop)
            parts.append(rgb.crop(box))
    return parts


def _dominant_band(filled: np.ndarray, mass: np.ndarray) -> tuple[int, int] | None:
    """Split at the widest empty band; the heavier side, if it holds most of the ink."""
    runs = _runs(filled, _MIN_GAP)
    if len(runs) < 2:
        return None
    gaps = [runs[i + 1][0] - runs[i][1] for i in range(len(runs) - 1)]
    cut = int(np.argmax(gaps))
    if gaps[cut] < _MIN_GAP_SHARE * (runs[-1][1] - runs[0][0]):
        return None  # no band wide enough to part an element from words
    sides = [(runs[0][0], runs[cut][1]), (runs[cut + 1][0], runs[-1][1])]
    start, stop = max(sides, key=lambda r: float(mass[r[0]:r[1]].sum()))
    if (float(mass[start:stop].sum()) < _MIN_MASS_SHARE * float(mass.sum())
            or stop - start > _MAX_SIDE_SHARE * (runs[-1][1] - runs[0][0])):
        return None
    return start, stop


def _runs(filled: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """Stretches of filled positions, merged across gaps narrower than *min_gap*."""
    runs: list[tuple[int, int]] = []
    index = np.flatnonzero(filled)
    if len(index) == 0:
        return runs
    start = prev = int(index[0])
    for i in index[1:]:
        if i - prev > min_gap:
            runs.append((start, prev + 1))
            start = int(i)
        prev = int(i)
    runs.append((start, prev + 1))
    return runs
