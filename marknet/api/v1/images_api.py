"""Images over HTTP: originals and thumbnails by hash, uploads, and search by image.

``GET /api/v1/images/{sha256}`` and ``…/thumbnail?size=128|512`` serve what the store holds,
immutable (a hash names one content forever); SVG is served under a CSP that runs nothing.
``POST /api/v1/images`` takes an upload for a filing (any signed-in user); the application then
names it by ``images[].sha256``. ``/api/v1/search/images`` finds records whose images look like
a record's image (``?record=ID``) or an uploaded one (``POST``, multipart ``file``).
"""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from fastapi.responses import JSONResponse

from marknet.accounts import Principal
from marknet.accounts.access import filter_visible, visible_record
from marknet.api.v1.context import ApiContext, Caller, Ctx
from marknet.api.v1.records import summary
from marknet.errors import AuthError, ImageTooLargeError
from marknet.images import THUMB_SIZES
from marknet.images.index import ImageHit
from marknet.images.links import image_links
from marknet.images.service import ImageQuery, ImageSearch

router = APIRouter(tags=["images"])

_IMMUTABLE = "public, max-age=31536000, immutable"
_SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
Sha = Annotated[str, Query(pattern="^[0-9a-f]{64}$")]
Limit = Annotated[int, Query(ge=1, le=100)]
Vienna = Annotated[list[str], Query(max_length=20)]


def image_search(ctx: ApiContext) -> ImageSearch:
    found = ctx.extras.get("image_search")
    if found is None:
        found = ImageSearch(ctx.store, ctx.node.settings.data_dir)
        ctx.extras["image_search"] = found
    search: ImageSearch = found
    return search


@router.get("/images/{sha256}", summary="An image's original bytes")
def original(sha256: str, ctx: Ctx) -> Response:
    data, media_type = image_search(ctx).images.original(sha256)
    headers = {"Cache-Control": _IMMUTABLE, "ETag": f'"{sha256}"',
               "X-Content-Type-Options": "nosniff"}
    if media_type == "image/svg+xml":
        headers["Content-Security-Policy"] = _SVG_CSP
    return Response(data, media_type=media_type, headers=headers)


@router.get("/images/{sha256}/thumbnail", summary="A PNG thumbnail, 128 or 512 px")
def thumbnail(sha256: str, ctx: Ctx, size: Annotated[int, Query()] = 128) -> Response:
    data = image_search(ctx).images.thumbnail(sha256, size if size in THUMB_SIZES else -1)
    return Response(data, media_type="image/png",
                    headers={"Cache-Control": _IMMUTABLE, "ETag": f'"{sha256}-{size}"'})


@router.post("/images", status_code=201, summary="Upload an image for a filing")
async def upload(ctx: Ctx, caller: Caller, file: Annotated[UploadFile, File()]) -> JSONResponse:
    if caller.user is None:
        raise AuthError("sign in to upload an image")
    data = await _read(file, ctx)
    stored = await anyio.to_thread.run_sync(
        lambda: image_search(ctx).images.put(data, file.filename or "upload", file.content_type))
    body = {**image_links(stored.sha256), "media_type": stored.media_type,
            "width": stored.width, "height": stored.height, "bytes": stored.size}
    return JSONResponse(body, status_code=201 if stored.created else 200)


@router.get("/search/images", summary="Records whose images look like a record's image")
def search_by_record(ctx: Ctx, caller: Caller, record: Annotated[str, Query(max_length=40)],
                     limit: Limit = 10, vienna: Vienna = [],  # noqa: B006
                     office: Vienna = []) -> JSONResponse:  # noqa: B006
    stored = visible_record(ctx.store, caller, record)
    service = image_search(ctx)
    query = service.query_from_record(stored.id, stored.data)
    return JSONResponse({"record": stored.id, "limit": limit,
                         "hits": _hits(ctx, caller, service, query, limit, vienna, office)})


@router.post("/search/images", summary="Records whose images look like an uploaded image")
async def search_by_upload(ctx: Ctx, caller: Caller, file: Annotated[UploadFile, File()],
                           limit: Annotated[int, Form(ge=1, le=100)] = 10,
                           vienna: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006
                           ) -> JSONResponse:
    data = await _read(file, ctx)
    service = image_search(ctx)

    def run() -> list[dict[str, Any]]:
        query = service.query_from_upload(data, file.filename or "query", file.content_type,
                                          vienna)
        return _hits(ctx, caller, service, query, limit, (), ())

    return JSONResponse({"limit": limit, "hits": await anyio.to_thread.run_sync(run)})


async def _read(file: UploadFile, ctx: ApiContext) -> bytes:
    limit = image_search(ctx).images.limits.max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise ImageTooLargeError(f"{file.filename or 'upload'}: more than the {limit:,} bytes "
                                 "an image may have")
    return data


def _hits(ctx: ApiContext, caller: Principal, service: ImageSearch, query: ImageQuery,
          limit: int, vienna_filter: Any, offices: Any) -> list[dict[str, Any]]:
    found = service.search(query, limit * 3, vienna_filter, [o.upper() for o in offices])
    records = ctx.store.get_records(list(dict.fromkeys(h.record_id for h in found)))
    visible = {r.id: r for r in filter_visible(ctx.store, caller, list(records.values()))}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for hit in found:
        stored = visible.get(hit.record_id)
        if stored is None or hit.record_id in seen:
            continue
        seen.add(hit.record_id)
        out.append({**summary(stored.data, stored.register), "score": hit.score,
                    "image": image_links(hit.sha256), "why": {"image": image_why(hit)}})
        if len(out) == limit:
            break
    return out


def image_why(hit: ImageHit) -> dict[str, Any]:
    return {"score": hit.score, "reason": hit.reason, **hit.detail}
