"""A GI's geographic area as a GeoJSON boundary: checked, tested for a point, drawn as SVG.

Only what the register needs: a Polygon or MultiPolygon in WGS 84 longitude/latitude (RFC 7946),
bounded in size so a hostile boundary cannot fill the store or a page.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from marknet.errors import InputError

MAX_POINTS = 20_000  # every ring's positions together

Ring = list[tuple[float, float]]


def polygons(boundary: Mapping[str, Any]) -> list[list[Ring]]:
    """The boundary's polygons, each an outer ring and its holes; InputError naming the fault
    when it is not a bounded GeoJSON Polygon or MultiPolygon."""
    kind = boundary.get("type")
    if kind == "Feature":
        geometry = boundary.get("geometry")
        if not isinstance(geometry, Mapping):
            raise InputError("boundary: a Feature needs a geometry")
        return polygons(geometry)
    coordinates = boundary.get("coordinates")
    if kind == "Polygon":
        shapes = [coordinates]
    elif kind == "MultiPolygon" and isinstance(coordinates, list):
        shapes = coordinates
    else:
        raise InputError(f"boundary: must be a GeoJSON Polygon or MultiPolygon, not {kind!r}")
    out: list[list[Ring]] = []
    count = 0
    for shape in shapes:
        if not isinstance(shape, list) or not shape:
            raise InputError("boundary: a polygon needs at least its outer ring")
        rings = []
        for ring in shape:
            rings.append(_ring(ring))
            count += len(rings[-1])
            if count > MAX_POINTS:
                raise InputError(f"boundary: more than {MAX_POINTS} points; simplify it")
        out.append(rings)
    return out


def _ring(value: Any) -> Ring:
    if not isinstance(value, list) or len(value) < 4:
        raise InputError("boundary: a ring needs at least 4 positions")
    ring: Ring = []
    for position in value:
        if (not isinstance(position, list) or len(position) < 2
                or not all(isinstance(c, int | float) and math.isfinite(c)
                           for c in position[:2])):
            raise InputError("boundary: a position is [longitude, latitude] in numbers")
        lon, lat = float(position[0]), float(position[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise InputError(f"boundary: [{lon}, {lat}] is not a longitude/latitude")
        ring.append((lon, lat))
    if ring[0] != ring[-1]:
        raise InputError("boundary: a ring must end where it starts")
    return ring


def contains(boundary: Mapping[str, Any], lon: float, lat: float) -> bool:
    """Whether the point lies inside the area (inside an outer ring, outside its holes)."""
    for outer, *holes in polygons(boundary):
        if _inside(outer, lon, lat) and not any(_inside(h, lon, lat) for h in holes):
            return True
    return False


def _inside(ring: Ring, x: float, y: float) -> bool:
    """Even-odd ray casting."""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def svg_path(boundary: Mapping[str, Any], width: int = 320, height: int = 240) -> str:
    """An SVG path of the area, fitted to ``width`` × ``height`` (latitude scaled by its
    cosine, north up), for an inline drawing without map tiles."""
    shapes = polygons(boundary)
    points = [p for shape in shapes for ring in shape for p in ring]
    mid = math.radians(sum(p[1] for p in points) / len(points))
    xs = [p[0] * math.cos(mid) for p in points]
    ys = [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    scale = min(width, height) / span

    def fit(ring: Sequence[tuple[float, float]]) -> Iterator[str]:
        for lon, lat in ring:
            yield (f"{(lon * math.cos(mid) - min(xs)) * scale:.1f},"
                   f"{(max(ys) - lat) * scale:.1f}")

    return " ".join("M" + " L".join(fit(ring)) + " Z" for shape in shapes for ring in shape)
