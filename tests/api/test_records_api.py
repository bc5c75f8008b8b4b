"""Records, histories, GIs, publications and open data, with the confidentiality rules."""

from __future__ import annotations

import io
import zipfile

import orjson
import pytest
from fastapi.testclient import TestClient

from tests.api.seed import CONFIDENTIAL, LUKOIL, bearer


def test_record_history_and_etag(client: TestClient) -> None:
    response = client.get(f"/api/v1/records/{LUKOIL}")
    assert response.status_code == 200
    assert response.json()["record"]["verbal_elements"][0]["text"] == "LUKOIL"
    cached = client.get(f"/api/v1/records/{LUKOIL}",
                        headers={"If-None-Match": response.headers["etag"]})
    assert cached.status_code == 304
    history = client.get(f"/api/v1/records/{LUKOIL}/history").json()
    assert history["events"][0]["type"] == "imported"
    assert "record" not in history["events"][0]["payload"]
    assert client.get(f"/api/v1/records/{LUKOIL}/deadlines").json()["deadlines"] == []


@pytest.mark.parametrize("path", ["", "/history", "/deadlines"])
def test_unpublished_is_404_for_outsiders(client: TestClient, tokens: dict[str, str],
                                          path: str) -> None:
    url = f"/api/v1/records/{CONFIDENTIAL}{path}"
    missing = client.get("/api/v1/records/RU502099000999999").json()
    for who in (None, "bob", "petrov"):
        response = client.get(url, headers=bearer(tokens[who]) if who else {})
        assert response.status_code == 404
        body = response.json()
        # Same answer as for a record that does not exist, so nothing leaks.
        assert body["code"] == missing["code"] == "not_found"
    for who in ("ivanova", "root"):
        assert client.get(url, headers=bearer(tokens[who])).status_code == 200


def test_listing_respects_visibility_sorting_and_paging(client: TestClient,
                                                        tokens: dict[str, str]) -> None:
    public = client.get("/api/v1/records", params={"office": "RU", "kind": "trademark",
                                                   "limit": 100}).json()["items"]
    assert CONFIDENTIAL not in {r["id"] for r in public}
    examiner = client.get("/api/v1/records", params={"office": "RU", "limit": 100},
                          headers=bearer(tokens["ivanova"])).json()["items"]
    assert CONFIDENTIAL in {r["id"] for r in examiner}
    newest = client.get("/api/v1/records", params={"sort": "-filing_date", "limit": 2}).json()
    dates = [r["filing_date"] for r in newest["items"]]
    assert dates == sorted(dates, reverse=True)
    assert newest["next"]


def test_gis_with_producers(client: TestClient) -> None:
    items = client.get("/api/v1/gis", params={"office": "RU", "limit": 50}).json()["items"]
    vologda = next(g for g in items if g["text"] == "Вологодское масло")
    assert len(vologda["certificates"]) == 2
    certs = client.get(f"/api/v1/gis/{vologda['id']}/certificates").json()["certificates"]
    assert {c["producer"]["name"] for c in certs} >= {"ООО «Северное молоко»"}
    assert client.get(f"/api/v1/gis/{LUKOIL}/certificates").status_code == 404


def test_publications_bulletin(client: TestClient, tokens: dict[str, str]) -> None:
    headers, filed = bearer(tokens["ivanova"]), _filed(client, tokens)
    for action in ("pass_formal", "publish"):
        response = client.post(f"/api/v1/applications/{filed}/actions/{action}",
                               headers=headers)
        assert response.status_code == 200, response.text
    body = client.get("/api/v1/publications", params={"office": "RU"}).json()
    assert body["applications"]
    assert body["applications"][0]["text"] == "LUKOYL"
    assert body["date"] in body["dates"]
    assert client.get("/api/v1/publications", params={"office": "ZZ"}).status_code == 400


def _filed(client: TestClient, tokens: dict[str, str]) -> str:
    response = client.post("/api/v1/applications", headers=bearer(tokens["alice"]), json={
        "text": "LUKOYL", "goods_services": [{"nice_class": 4}],
        "parties": [{"name": "Alice Ltd", "role": "applicant", "country": "RU"}]})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_open_data_downloads_hold_only_public_records(client: TestClient) -> None:
    listing = client.get("/api/v1/opendata").json()["datasets"]
    assert {"office": "RU", "format": "st96", "url": "/api/v1/opendata/RU.st96"} in listing
    lines = client.get("/api/v1/opendata/RU.jsonl").content.splitlines()
    ids = {orjson.loads(line)["id"] for line in lines}
    assert LUKOIL in ids
    assert CONFIDENTIAL not in ids
    csv = client.get("/api/v1/opendata/RU.csv")
    assert csv.status_code == 200
    assert "LUKOIL" in csv.text
    xml = client.get("/api/v1/opendata/RU.st96")
    names = zipfile.ZipFile(io.BytesIO(xml.content)).namelist()
    assert names
    assert all(n.endswith(".xml") for n in names)
    assert client.get("/api/v1/opendata/RU.exe").status_code == 422


def test_open_data_offers_rospatents_st96_profile(client: TestClient) -> None:
    listing = client.get("/api/v1/opendata").json()["datasets"]
    url = "/api/v1/opendata/RU.st96-rupto"
    assert {"office": "RU", "format": "st96-rupto", "url": url} in listing
    archive = zipfile.ZipFile(io.BytesIO(client.get(url).content))
    names = archive.namelist()
    assert f"{LUKOIL}.xml" in names  # one document per mark, named by its ST.13 id
    assert f"{CONFIDENTIAL}.xml" not in names
    document = archive.read(f"{LUKOIL}.xml").decode()
    assert "<MarkCategory>Trademark</MarkCategory>" in document
    assert 'xmlns:ru="urn:ru:rupto:trademark"' in document


def test_open_data_offers_the_gis_as_rospatents_ao_csv(client: TestClient) -> None:
    listing = client.get("/api/v1/opendata").json()["datasets"]
    assert {"office": "RU", "format": "csv-ao", "url": "/api/v1/opendata/RU-ao.csv"} in listing
    marks = client.get("/api/v1/opendata/RU.csv").text
    ao = client.get("/api/v1/opendata/RU-ao.csv")
    assert ao.status_code == 200
    assert ao.headers["content-type"].startswith("text/csv")
    header, *rows = ao.text.splitlines()
    assert "appellation of origin name" in header
    assert any("Вологодское масло" in row for row in rows)  # a real GI of the sample
    columns = header.split(";")
    vologda = [dict(zip(columns, r.split(";"), strict=True)) for r in rows
               if "Вологодское масло" in r]
    # One row per producer's right, each with its holder, term and status as of today.
    assert [(r["right holder name"], r["certificate status"]) for r in vologda] == [
        ("АО «Учебно-опытный молочный завод» ВГМХА им. Н.В. Верещагина", "valid"),
        ("ООО «Северное молоко»", "valid")]
    assert {r["certificate expiry date"] for r in vologda} == {"2028-03-12"}
    assert "Вологодское масло" not in marks  # trademarks only in the other dataset
    unknown = client.get("/api/v1/opendata/ZZ-ao.csv")
    assert unknown.status_code == 400
    assert "ZZ" in unknown.json()["detail"]
