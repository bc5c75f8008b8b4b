"""Search by image over real logos: each variant finds its logo, and says why."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from marknet.bench.image_variants import VARIANTS, distractor, on_white, variant
from marknet.images import ImageStore
from marknet.images.descriptors import describe
from marknet.images.index import ImageEntry, ImageIndex
from marknet.images.parts import query_descriptors
from marknet.images.persist import load_index, open_image_index, save_index
from marknet.node import init_node
from marknet.register import ImportItem
from tests.images.conftest import LOGOS, logo_png


@pytest.fixture(scope="module")
def logos() -> dict[str, Image.Image]:
    return {slug: Image.open(io.BytesIO(logo_png(slug))).convert("RGBA") for slug in LOGOS}


@pytest.fixture(scope="module")
def index(logos: dict[str, Image.Image]) -> ImageIndex:
    entries = [ImageEntry(slug, "RU", f"{n:064x}", (), describe(on_white(image)))
               for n, (slug, image) in enumerate(logos.items())]
    images = list(logos.values())
    entries += [ImageEntry(f"mix-{n}", "RU", f"{n + 100:064x}", (),
                           describe(distractor(images[n % 8], images[(n + 3) % 8], n)))
                for n in range(24)]
    return ImageIndex.from_entries(entries)


@pytest.mark.parametrize("kind", sorted(VARIANTS))
def test_every_variant_of_every_logo_finds_it_in_the_top_three(
        index: ImageIndex, logos: dict[str, Image.Image], kind: str) -> None:
    missed = []
    for n, (slug, image) in enumerate(logos.items()):
        query = query_descriptors(on_white(variant(kind, image, n)))
        if slug not in [h.record_id for h in index.search(query, 3)]:
            missed.append(slug)
    assert len(missed) <= 1, f"{kind}: {missed}"


def test_a_recoloured_logo_is_the_same_shape_in_other_colours(
        index: ImageIndex, logos: dict[str, Image.Image]) -> None:
    red = Image.new("RGBA", logos["nike"].size, (220, 20, 20, 255))
    red.putalpha(logos["nike"].getchannel("A"))
    hit = index.search(describe(red), 1)[0]
    assert hit.record_id == "nike"
    assert hit.reason.startswith("same shape, different colours: distance ")
    assert hit.detail["colour"] > 2
    assert hit.score > 0.7


def test_vienna_codes_boost_and_filter() -> None:
    nike = describe(Image.open(io.BytesIO(logo_png("nike"))))
    shell = describe(Image.open(io.BytesIO(logo_png("shell"))))
    index = ImageIndex.from_entries([
        ImageEntry("a", "RU", "a" * 64, ("26.11.06",), nike),
        ImageEntry("b", "BY", "b" * 64, ("03.07.01",), shell)])
    boosted = index.search(shell, 2, vienna=("26.11.06",))
    assert boosted[1].detail["vienna_shared"] == ["26.11.06"]
    assert [h.record_id for h in index.search(nike, 5, vienna_filter=("03",))] == ["b"]
    assert [h.record_id for h in index.search(nike, 5, registers=("BY",))] == ["b"]
    assert [h.record_id for h in index.search(nike, 5, exclude_record="a")] == ["b"]


def test_the_index_is_saved_loaded_and_kept_current_with_the_register(tmp_path: Path) -> None:
    data_dir = tmp_path / "ru"
    with init_node(data_dir, "RU") as node:
        images = ImageStore.in_data_dir(data_dir)
        folder = data_dir / "index" / "images"

        def file(number: str, slug: str) -> None:
            sha = images.put(logo_png(slug), f"{slug}.png").sha256
            record = {"office": "RU", "application_number": number, "filing_date": "2021-01-01",
                      "status": "filed", "feature": "Figurative", "nice_classes": [25],
                      "images": [{"name": f"{slug}.png", "sha256": sha}]}
            assert node.register.import_items([ImportItem(number, record)]).imported == 1

        file("2021000001", "nike")
        index = open_image_index(folder, node.store, images)
        assert index.size == 1
        loaded = load_index(folder)
        assert loaded is not None
        assert loaded.record_ids == index.record_ids
        file("2021000002", "shell")
        caught_up = open_image_index(folder, node.store, images)
        assert sorted(caught_up.record_ids) == ["RU502021000000001", "RU502021000000002"]
        save_index(folder, caught_up)
        assert len(list(folder.glob("base-*"))) == 1
