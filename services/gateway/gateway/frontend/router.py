"""Serve the built SPA: /field/... is the phone app, everything else the admin app."""

from __future__ import annotations

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
        headers = {"cache-control": "public, max-age=31536000, immutable" if immutable else "no-cache"}
        return FileResponse(found, headers=headers)
    if path.startswith(("assets/", "field/assets/")):
        raise NotFound("文件不存在", code="ASSET_NOT_FOUND")
    index = dist / "field" / "index.html" if path == "field" or path.startswith("field/") else dist / "index.html"
    return FileResponse(index, headers={"cache-control": "no-cache"})
