"""Images in through ``marknet import`` (JSON Lines, ST.96 in a zip) and out through ``export``."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from marknet.cli import app
from tests.images.conftest import bomb_png, logo_png, logo_svg

runner = CliRunner()


def cli(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    return result


def figurative(number: str, image: dict[str, Any], text: str = "ЛУКОЙЛ") -> dict[str, Any]:
    return {"office": "RU", "application_number": number, "filing_date": "2020-11-23",
            "text": text, "nice_classes": [4], "status": "registered", "feature": "Combined",
            "images": [{"vienna_codes": ["26.01.01"], "colours": ["red"], **image}]}


@pytest.fixture
def node(tmp_path: Path) -> Path:
    data_dir = tmp_path / "ru"
    assert cli("init", "--data-dir", str(data_dir), "--office", "RU").exit_code == 0
    return data_dir


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


def show(node: Path, record_id: str) -> dict[str, Any]:
    result = cli("show", record_id, "--data-dir", str(node), "--json")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_jsonl_images_inline_and_by_path_are_stored_and_chained(node: Path,
                                                                 tmp_path: Path) -> None:
    png = logo_png("nike")
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "shell.svg").write_bytes(logo_svg("shell"))
    source = write_jsonl(tmp_path / "marks.jsonl", [
        figurative("2020740504", {"name": "nike.png", "data": base64.b64encode(png).decode()}),
        figurative("2020740505", {"name": "shell.svg", "path": "logos/shell.svg"}, "Shell"),
    ])
    result = cli("import", str(source), "--data-dir", str(node), "--json")
    assert json.loads(result.stdout)["imported"] == 2, result.output
    shown = show(node, "RU502020000740504")
    image = shown["record"]["images"][0]
    assert image["sha256"] == hashlib.sha256(png).hexdigest()
    assert "data" not in image
    assert image["vienna_codes"] == ["26.01.01"]
    assert (node / "images" / "thumbs" / "128" / image["sha256"][:2]
            / f"{image['sha256']}.png").is_file()
    assert cli("verify", "--data-dir", str(node)).exit_code == 0
    with sqlite3.connect(node / "marknet.sqlite3") as db:  # the chain covers the image's hash
        (payload,) = db.execute("SELECT payload FROM events WHERE record_id = ?",
                                ("RU502020000740504",)).fetchone()
        assert image["sha256"] in payload
        db.execute("UPDATE events SET payload = ? WHERE record_id = ?",
                   (payload.replace(image["sha256"], "f" * 64), "RU502020000740504"))
    assert cli("verify", "--data-dir", str(node)).exit_code == 3
    with sqlite3.connect(node / "marknet.sqlite3") as db:
        db.execute("UPDATE events SET payload = ? WHERE record_id = ?",
                   (payload, "RU502020000740504"))
    again = json.loads(cli("import", str(source), "--data-dir", str(node), "--json").stdout)
    assert again["imported"] == 0
    assert again["unchanged"] == 2


@pytest.mark.parametrize(("image", "reason"), [
    ({"name": "bomb.png", "data": base64.b64encode(bomb_png()).decode()},
     "bomb.png: decompression bomb refused"),
    ({"name": "x.png", "data": "not base64!"}, "image x.png: data is not valid base64"),
    ({"name": "x.png", "path": "../../etc/passwd"}, "not a file inside the source's folder"),
    ({"name": "x.png", "path": "missing.png"}, "image missing.png: referenced but missing"),
])
def test_a_bad_image_rejects_its_record_only(node: Path, tmp_path: Path,
                                             image: dict[str, Any], reason: str) -> None:
    good = figurative("2020740504", {"name": "nike.png",
                                     "data": base64.b64encode(logo_png("nike")).decode()})
    source = write_jsonl(tmp_path / "marks.jsonl", [good, figurative("2020740509", image)])
    report = json.loads(cli("import", str(source), "--data-dir", str(node), "--json").stdout)
    assert report["imported"] == 1
    assert reason in report["rejections"][0]["reason"]
    assert cli("show", "RU502020000740509", "--data-dir", str(node)).exit_code != 0


def test_st96_export_writes_images_and_a_zip_of_it_imports_on_another_node(
        node: Path, tmp_path: Path) -> None:
    png = logo_png("adidas")
    source = write_jsonl(tmp_path / "marks.jsonl", [
        figurative("2020740504", {"name": "adidas.png",
                                  "data": base64.b64encode(png).decode()}, "Адидас")])
    cli("import", str(source), "--data-dir", str(node))
    out = tmp_path / "st96"
    exported = json.loads(cli("export", "--data-dir", str(node), "--format", "st96", "--out",
                              str(out), "--json").stdout)
    assert exported["images"] == 1
    assert (out / "RU502020000740504-1.png").read_bytes() == png
    xml = next(out.glob("*.xml")).read_text()
    assert "<com:FileName>RU502020000740504-1.png</com:FileName>" in xml
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in out.iterdir():
            archive.write(path, path.name)
    other = tmp_path / "other"
    cli("init", "--data-dir", str(other), "--office", "RU")
    report = json.loads(cli("import", str(bundle), "--data-dir", str(other), "--json").stdout)
    assert report["imported"] == 1, report
    image = show(other, "RU502020000740504")["record"]["images"][0]
    assert image["sha256"] == hashlib.sha256(png).hexdigest()


def test_an_st96_image_missing_from_its_zip_rejects_the_record(node: Path,
                                                              tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "marks.jsonl", [
        figurative("2020740504", {"name": "a.png",
                                  "data": base64.b64encode(logo_png("bmw")).decode()})])
    cli("import", str(source), "--data-dir", str(node))
    out = tmp_path / "st96"
    cli("export", "--data-dir", str(node), "--format", "st96", "--out", str(out))
    bundle = tmp_path / "no-images.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in out.glob("*.xml"):
            archive.write(path, path.name)
    other = tmp_path / "other"
    cli("init", "--data-dir", str(other), "--office", "RU")
    result = cli("import", str(bundle), "--data-dir", str(other), "--json")
    report = json.loads(result.stdout)
    assert report["imported"] == 0
    assert "image RU502020000740504-1.png: referenced but missing" in (
        report["rejections"][0]["reason"])


def test_jsonl_export_carries_its_images_beside_it(node: Path, tmp_path: Path) -> None:
    png = logo_png("apple")
    source = write_jsonl(tmp_path / "marks.jsonl", [
        figurative("2020740504", {"name": "apple.png", "data": base64.b64encode(png).decode()})])
    cli("import", str(source), "--data-dir", str(node))
    out = tmp_path / "export.jsonl"
    cli("export", "--data-dir", str(node), "--out", str(out))
    record = json.loads(out.read_text().splitlines()[0])
    assert record["images"][0]["path"] == "export-images/RU502020000740504-1.png"
    assert (tmp_path / "export-images" / "RU502020000740504-1.png").read_bytes() == png
    other = tmp_path / "other"
    cli("init", "--data-dir", str(other), "--office", "RU")
    assert json.loads(cli("import", str(out), "--data-dir", str(other), "--json")
                      .stdout)["imported"] == 1
    assert (other / "images" / "originals").is_dir()
