"""Images over the API: uploads for filings, originals and thumbnails, search by image."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from marknet.accounts.users import add_user, get_user, issue_token
from marknet.bench.image_variants import variant
from marknet.images import ImageStore
from marknet.node import init_node
from marknet.register import ImportItem
from tests.api.seed import bearer, build_app
from tests.images.conftest import jpeg_bytes, logo_png, logo_svg

NIKE, NIKE_LIKE, SHELL, SECRET = ("RU502015000700001", "RU502016000700002",
                                  "RU502017000700003", "RU502024000700004")


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def figurative(number: str, filed: str, text: str, sha: str, status: str = "registered",
               vienna: tuple[str, ...] = ("26.11.06",)) -> dict[str, Any]:
    record: dict[str, Any] = {
        "office": "RU", "application_number": number, "filing_date": filed, "status": status,
        "feature": "Combined", "verbal_elements": [{"text": text}],
        "goods_services": [{"nice_class": 25}],
        "images": [{"name": f"{number}.png", "sha256": sha, "vienna_codes": list(vienna)}]}
    if status == "registered":
        record.update(registration_number=number[-6:], registration_date=f"{filed[:4]}-12-01")
    return record


@pytest.fixture(scope="module")
def figurative_node(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("figurative") / "ru"
    with init_node(path, "RU") as node:
        images = ImageStore.in_data_dir(path)
        nike = logo_png("nike")
        cropped = png(variant("cropped", Image.open(io.BytesIO(nike)), 3))
        shas = [images.put(b, n).sha256 for b, n in (
            (nike, "nike.png"), (cropped, "nike2.png"), (logo_svg("shell"), "shell.svg"),
            (logo_png("adidas"), "adidas.png"))]
        records = [figurative("2015700001", "2015-01-10", "Свуш", shas[0]),
                   figurative("2016700002", "2016-02-11", "Swoosh", shas[1]),
                   figurative("2017700003", "2017-03-12", "Ракушка", shas[2], vienna=("03.07.01",)),
                   figurative("2024700004", "2024-04-13", "Секрет", shas[3], status="filed")]
        report = node.register.import_items([ImportItem(f"t:{i}", r)
                                             for i, r in enumerate(records)])
        assert not report.rejected, report.rejected
        add_user(node.store, "alice", "correct horse battery", "applicant")
    return path


@pytest.fixture
def client(figurative_node: Path) -> Iterator[TestClient]:
    with TestClient(build_app(figurative_node)) as test_client:
        yield test_client


@pytest.fixture
def alice(client: TestClient) -> dict[str, str]:
    store = client.app.state.store  # type: ignore[attr-defined]
    return bearer(issue_token(store, get_user(store, "alice"), "api", dt.timedelta(hours=1))[0])


def test_upload_needs_a_user_and_returns_the_hash(client: TestClient,
                                                  alice: dict[str, str]) -> None:
    data = logo_png("bmw")
    files = {"file": ("bmw.png", data, "image/png")}
    assert client.post("/api/v1/images", files=files).status_code == 401
    first = client.post("/api/v1/images", files=files, headers=alice)
    assert first.status_code == 201, first.text
    assert first.json()["sha256"] == hashlib.sha256(data).hexdigest()
    assert client.post("/api/v1/images", files=files, headers=alice).status_code == 200
    thumb = client.get(first.json()["thumbnail"])
    assert thumb.headers["content-type"] == "image/png"
    assert "immutable" in thumb.headers["cache-control"]


@pytest.mark.parametrize(("name", "data", "declared", "status", "text"), [
    ("x.png", jpeg_bytes(), "image/png", 422, "the content is JPEG, not PNG as its type says"),
    ("x.png", logo_png("bmw")[:300], "image/png", 422, "corrupt or truncated PNG"),
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "image/svg+xml", 422, "<script> element refused"),
])
def test_bad_uploads_are_refused_with_a_problem(client: TestClient, alice: dict[str, str],
                                                name: str, data: bytes, declared: str,
                                                status: int, text: str) -> None:
    response = client.post("/api/v1/images", files={"file": (name, data, declared)},
                           headers=alice)
    assert response.status_code == status
    assert text in response.json()["detail"]


def test_a_50_mb_upload_is_refused_before_it_is_read(client: TestClient, alice: dict[str, str],
                                                     figurative_node: Path) -> None:
    before = sorted((figurative_node / "images").rglob("*"))
    body = b"\x89PNG\r\n\x1a\n" + bytes(50 * 1024 * 1024)
    response = client.post("/api/v1/images", files={"file": ("big.png", body, "image/png")},
                           headers=alice)
    assert response.status_code == 413
    assert "larger than 11000000 bytes" in response.json()["detail"]
    assert sorted((figurative_node / "images").rglob("*")) == before


def test_svg_originals_are_served_under_a_csp_that_runs_nothing(client: TestClient) -> None:
    sha = hashlib.sha256(logo_svg("shell")).hexdigest()
    response = client.get(f"/api/v1/images/{sha}")
    assert response.headers["content-type"] == "image/svg+xml"
    assert "sandbox" in response.headers["content-security-policy"]
    assert client.get(f"/api/v1/images/{'0' * 64}").status_code == 404


def test_a_recoloured_variant_finds_the_logo_and_says_why(client: TestClient) -> None:
    query = png(variant("recoloured", Image.open(io.BytesIO(logo_png("nike"))), 7))
    response = client.post("/api/v1/search/images",
                           files={"file": ("query.png", query, "image/png")})
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    assert {hits[0]["id"], hits[1]["id"]} == {NIKE, NIKE_LIKE}
    why = hits[0]["why"]["image"]
    assert why["reason"].startswith(("same shape", "similar shape"))
    assert "distance" in why["reason"]
    assert hits[0]["image"]["thumbnail"].endswith("/thumbnail?size=128")
    assert SECRET not in {h["id"] for h in hits}  # an unpublished application stays hidden


def test_a_records_image_finds_its_look_alike_not_itself(client: TestClient) -> None:
    response = client.get("/api/v1/search/images", params={"record": NIKE})
    hits = response.json()["hits"]
    assert hits[0]["id"] == NIKE_LIKE
    assert NIKE not in {h["id"] for h in hits}
    assert hits[0]["why"]["image"]["vienna_shared"] == ["26.11.06"]
    shell = client.get("/api/v1/search/images", params={"record": NIKE, "vienna": "03"})
    assert [h["id"] for h in shell.json()["hits"]] == [SHELL]


def test_mode_image_of_the_search_endpoint_searches_with_a_records_image(
        client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": NIKE, "mode": "image"})
    assert response.status_code == 200, response.text
    assert response.json()["hits"][0]["id"] == NIKE_LIKE
    word_mark = client.get("/api/v1/search", params={"q": "RU509999000000001", "mode": "image"})
    assert word_mark.status_code == 404


def test_pages_show_thumbnails_in_hits_and_the_image_large_on_the_record(
        client: TestClient) -> None:
    sha = hashlib.sha256(logo_png("nike")).hexdigest()
    hits = client.get("/ru/search", params={"q": "Свуш"})
    assert f'src="/api/v1/images/{sha}/thumbnail?size=128"' in hits.text
    assert 'alt="Изображение знака"' in hits.text
    record = client.get(f"/ru/records/{NIKE}")
    assert f'src="/api/v1/images/{sha}/thumbnail?size=512"' in record.text
    assert "Коды Венской классификации" in record.text
    vienna = '<span translate="no">26.11.06</span> <span lang="en">thick lines; bands</span>'
    assert vienna in record.text
    assert client.get(f"/api/v1/images/{sha}/thumbnail", params={"size": 512}).status_code == 200


def test_record_lists_carry_each_marks_thumbnail(client: TestClient) -> None:
    listed = client.get("/api/v1/records", params={"limit": 10}).json()
    by_id = {r["id"]: r for r in listed["items"]}
    sha = hashlib.sha256(logo_png("nike")).hexdigest()
    assert by_id[NIKE]["image"]["thumbnail"] == f"/api/v1/images/{sha}/thumbnail?size=128"


def test_the_comparison_shows_both_images_side_by_side(client: TestClient) -> None:
    page = client.get("/ru/compare", params={"a": NIKE, "b": NIKE_LIKE})
    assert page.status_code == 200
    assert page.text.count('class="compare-image"') == 2
