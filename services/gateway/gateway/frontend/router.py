"""Serve the built SPA: /field/... is the phone app, everything else the admin app.

Scripts, styles and other text files go out gzipped to a browser that accepts it: the phone app's
first load on a slow mobile network is mostly its JavaScript (bench/field_bench.py: 368 KB sent as
is, 133 KB gzipped). Each file is compressed once, on first request, and kept (keyed by its
modification time and size, so a new build is picked up).
"""

from __future__ import annotations

import asyncio
import gzip
import mimetypes
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from gateway.settings import Settings
from servicekit.errors import NotFound

router = APIRouter(include_in_schema=False)

_NOT_BUILT = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>前端尚未构建</title>
<body style="font-family:sans-serif;padding:3em"><h1>工业产品质量安全主体责任信息平台</h1>
<p>前端尚未构建：请在项目根目录运行 <code>make run</code>（或 <code>make frontend</code>）。</p>
<p>接口文档：<a href="/api/docs">/api/docs</a></p></body></html>"""


_COMPRESSIBLE = {".js", ".mjs", ".css", ".html", ".svg", ".json", ".webmanifest", ".txt", ".map"}
_MIN_GZIP_BYTES = 1024


@lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """The file gzipped at the highest level; the arguments past the path only key the cache."""
    with open(path, "rb") as fh:
        return gzip.compress(fh.read(), compresslevel=9, mtime=0)


def _accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header lists gzip with a non-zero weight."""
    for part in header.split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() != "gzip":
            continue
        weight = params.strip().lower()
        if weight.startswith("q="):
            try:
                return float(weight[2:]) > 0
            except ValueError:
                return False
        return True
    return False


async def _send(request: Request, target: Path, cache_control: str) -> Response:
    """The file, gzipped when it is text of some size and the browser accepts gzip."""
    if target.suffix not in _COMPRESSIBLE:
        return FileResponse(target, headers={"cache-control": cache_control})
    stat = target.stat()
    headers = {"cache-control": cache_control, "vary": "accept-encoding"}
    if stat.st_size < _MIN_GZIP_BYTES or not _accepts_gzip(request.headers.get("accept-encoding", "")):
        return FileResponse(target, headers=headers)
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-gz"'
    headers.update({"content-encoding": "gzip", "etag": etag})
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    media_type = mimetypes.guess_type(target.name)[0] or "text/plain"  # as FileResponse would name it
    # In a thread: the first request of a large bundle compresses it (tens of ms), later ones hit the cache.
    body = await asyncio.to_thread(_gzipped, str(target), stat.st_mtime_ns, stat.st_size)
    return Response(body, media_type=media_type, headers=headers)


def _file(dist: Path, rel: str) -> Path | None:
    target = (dist / rel).resolve()
    if not str(target).startswith(str(dist.resolve())) or not target.is_file():
        return None
    return target


@router.get("/{path:path}")
async def spa(path: str, request: Request) -> Response:
    if path.startswith("api/") or path == "api":
        raise NotFound("接口不存在", code="ROUTE_NOT_FOUND")
    settings: Settings = request.app.state.settings
    dist = settings.frontend_dist
    if not (dist / "index.html").is_file():
        return HTMLResponse(_NOT_BUILT, status_code=503)
    found = _file(dist, path) if path else None
    if found is not None:
        immutable = path.startswith(("assets/", "field/assets/"))
        return await _send(request, found, "public, max-age=31536000, immutable" if immutable else "no-cache")
    if path.startswith(("assets/", "field/assets/")):
        raise NotFound("文件不存在", code="ASSET_NOT_FOUND")
    index = dist / "field" / "index.html" if path == "field" or path.startswith("field/") else dist / "index.html"
    return await _send(request, index, "no-cache")
