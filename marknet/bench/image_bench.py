"""``marknet bench images``: finding real logos again from their variants among N images.

The logos are the ~3,400 brand SVGs of the ``simple-icons`` npm package (CC0), fetched once
with ``npm pack`` into the cache directory (or taken from ``--icons``). Each is rendered to a
256 px raster through marknet's own SVG path (``decode_image``), then the corpus is filled up to
N images with distractors made from them (``image_variants``). Describing 100,000 images takes
minutes, so the corpus's descriptors are kept in the cache directory and reused by later runs
with the same N and seed. Queries are variants of a sample of the logos; a query is found when
its logo is among the first 10 hits.
"""

from __future__ import annotations

import io
import multiprocessing
import random
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from marknet.bench.image_variants import VARIANTS, distractor, on_white, variant
from marknet.bench.measure import current_rss_mb, peak_rss_mb
from marknet.errors import ConfigError
from marknet.images.decode import decode_image
from marknet.images.descriptors import Descriptor, describe
from marknet.images.index import ImageEntry, ImageIndex
from marknet.images.parts import query_descriptors
from marknet.images.persist import descriptor_width, load_index, save_index
from marknet.images.store import ImageStore

__all__ = ["bench_images", "simple_icons"]

_RENDER_SIDE = 256
_CHUNK = 500


def simple_icons(cache: Path) -> Path:
    """The icons folder of the simple-icons package, fetched with ``npm pack`` if needed."""
    icons = cache / "package" / "icons"
    if icons.is_dir():
        return icons
    npm = shutil.which("npm")
    if npm is None:
        raise ConfigError("simple-icons is not in the cache and npm is not installed: "
                          "give --icons DIR")
    cache.mkdir(parents=True, exist_ok=True)
    out = subprocess.run([npm, "pack", "simple-icons", "--silent"], cwd=cache, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(cache / out) as tar:
        tar.extractall(cache, filter="data")
    return icons


def _render_all(icons: Path, cache: Path) -> list[Path]:
    """Each logo rendered once (through marknet's SVG path) to a 256 px PNG in the cache."""
    out = cache / f"renders-{_RENDER_SIDE}"
    out.mkdir(parents=True, exist_ok=True)
    done = []
    for svg in sorted(icons.glob("*.svg")):
        target = out / f"{svg.stem}.png"
        if not target.is_file():
            pixels = decode_image(svg.read_bytes(), svg.name).pixels
            pixels.thumbnail((_RENDER_SIDE, _RENDER_SIDE), Image.Resampling.LANCZOS)
            pixels.save(target)
        done.append(target)
    return done


@lru_cache(maxsize=4096)
def _logo(path: str) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGBA")


def _describe_chunk(task: tuple[list[str], int, int, int]) -> list[bytes]:
    """Descriptors of corpus items start..stop (the first len(renders) are the logos)."""
    renders, start, stop, seed = task
    out = []
    for i in range(start, stop):
        if i < len(renders):
            image = on_white(_logo(renders[i]))
        else:
            rng = random.Random(seed * 1_000_003 + i)
            a, b = rng.sample(renders, 2)
            image = distractor(_logo(a), _logo(b), rng.randrange(1 << 30))
        out.append(describe(image).to_bytes())
    return out


def _corpus(renders: list[Path], size: int, seed: int, workers: int,
            cache: Path) -> list[Descriptor]:
    """The corpus's descriptors, computed chunk by chunk into the cache (a run stopped half way
    keeps what it described; the next run describes only the missing chunks)."""
    folder = cache / f"corpus-{seed}-{len(renders)}"
    folder.mkdir(parents=True, exist_ok=True)
    names = [str(p) for p in renders]
    tasks = [(names, s, min(size, s + _CHUNK), seed) for s in range(0, size, _CHUNK)
             if not _chunk_path(folder, s, min(size, s + _CHUNK)).is_file()]
    if tasks:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            for task, chunk in zip(tasks, pool.imap(_describe_chunk, tasks), strict=True):
                path = _chunk_path(folder, task[1], task[2])
                path.with_suffix(".part").write_bytes(b"".join(chunk))
                path.with_suffix(".part").replace(path)
    width = descriptor_width()
    out: list[Descriptor] = []
    for start in range(0, size, _CHUNK):
        raw = _chunk_path(folder, start, min(size, start + _CHUNK)).read_bytes()
        out += [Descriptor.from_bytes(raw[i:i + width]) for i in range(0, len(raw), width)]
    return out


def _chunk_path(folder: Path, start: int, stop: int) -> Path:
    return folder / f"{start:07d}-{stop:07d}.bin"


def described(cache: Path, seed: int, logos: int) -> int:
    """How many corpus images are described in the cache, from the first on."""
    folder, count = cache / f"corpus-{seed}-{logos}", 0
    while (folder / f"{count:07d}-{count + _CHUNK:07d}.bin").is_file():
        count += _CHUNK
    return count


def _queries(renders: list[Path], count: int, seed: int) -> Iterator[tuple[str, int,
                                                                         Image.Image]]:
    rng = random.Random(seed)
    for logo in rng.sample(range(len(renders)), min(count, len(renders))):
        for kind in VARIANTS:
            yield kind, logo, on_white(variant(kind, _logo(str(renders[logo])),
                                               rng.randrange(1 << 30)))


def _tiled(index: ImageIndex, size: int) -> ImageIndex:
    """The index's entries repeated up to *size*: a scan costs the same whatever the images,
    so this measures the search time at a size the described corpus has not reached."""
    reps = -(-size // index.size)
    return ImageIndex([f"{r}#{n}" for n in range(reps) for r in index.record_ids][:size],
                      (index.registers * reps)[:size], (index.shas * reps)[:size],
                      (index.vienna * reps)[:size], np.tile(index.hashes, (reps, 1))[:size],
                      np.tile(index.colours, reps)[:size], np.tile(index.hu, (reps, 1))[:size])


def _thumbnailing(renders: list[Path], count: int) -> dict[str, float]:
    """Images/s through ImageStore.put: decode, verify, two thumbnails, descriptor, write."""
    blobs = [r.read_bytes() for r in renders[:count]]
    with tempfile.TemporaryDirectory(prefix="marknet-images-") as tmp:
        store = ImageStore(Path(tmp))
        started = time.perf_counter()
        for n, blob in enumerate(blobs):
            store.put(blob, f"logo-{n}.png")
        seconds = time.perf_counter() - started
    return {"images": len(blobs), "images_per_s": round(len(blobs) / seconds, 1)}


def bench_images(size: int, queries: int, cache: Path, icons: Path | None, seed: int,
                 workers: int, tile_to: int = 0) -> dict[str, Any]:
    icons = icons or simple_icons(cache)
    renders = _render_all(icons, cache)
    if size < len(renders):
        raise ConfigError(f"--images must be at least the {len(renders)} logos")
    started = time.perf_counter()
    corpus = _corpus(renders, size, seed, workers, cache)
    describe_s = time.perf_counter() - started
    rss_before = current_rss_mb()
    started = time.perf_counter()
    index = ImageIndex.from_entries(
        ImageEntry(f"logo-{i}" if i < len(renders) else f"mark-{i}", "BENCH", f"{i:064x}", (), d)
        for i, d in enumerate(corpus))
    with tempfile.TemporaryDirectory(prefix="marknet-image-index-") as tmp:
        save_index(Path(tmp), index)
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        index = load_index(Path(tmp)) or index
        load_s = time.perf_counter() - started
    index_mb = current_rss_mb() - rss_before
    found: dict[str, list[int]] = {kind: [] for kind in VARIANTS}
    asked: list[list[Descriptor]] = []
    describing, searching = [], []
    for kind, logo, image in _queries(renders, queries, seed):
        t0 = time.perf_counter()
        query = list(query_descriptors(image))
        t1 = time.perf_counter()
        hits = index.search(query, 10)
        searching.append(time.perf_counter() - t1)
        describing.append(t1 - t0)
        asked.append(query)
        found[kind].append(int(any(h.record_id == f"logo-{logo}" for h in hits)))
    out: dict[str, Any] = {
        "images": index.size, "logos": len(renders), "queries": len(asked),
        "recall_at_10": {k: round(float(np.mean(v)), 3) for k, v in found.items()},
        "recall_at_10_all": round(float(np.mean([x for v in found.values() for x in v])), 3),
        "search_ms": _percentiles(searching), "describe_query_ms": _percentiles(describing),
    }
    if tile_to > index.size:
        tiled = _tiled(index, tile_to)
        times = []
        for query in asked:
            t0 = time.perf_counter()
            tiled.search(query, 10)
            times.append(time.perf_counter() - t0)
        out[f"search_ms_at_{tile_to}"] = _percentiles(times)
    return {
        **out,
        "corpus_describe_s": round(describe_s, 1),
        "index_build_s": round(build_s, 2), "index_load_s": round(load_s, 2),
        "index_rss_mb": round(index_mb, 1),
        "thumbnailing": _thumbnailing(renders, 500), "rss_mb": peak_rss_mb(),
    }


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {"p50": round(float(np.percentile(ms, 50)), 2),
            "p95": round(float(np.percentile(ms, 95)), 2)}


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
