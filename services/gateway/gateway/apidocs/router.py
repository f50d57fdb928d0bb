"""The combined API documentation: the gateway's own routes plus every service's, as one
OpenAPI document under the paths an integrator calls (/api/<service>/...)."""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import aiohttp
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from gateway.settings import Settings

router = APIRouter(tags=["docs"])
_CACHE: dict[str, Any] = {"at": 0.0, "doc": None}
HIDDEN_PREFIXES = ("/internal", "/metrics")


def merge_openapi(base: dict[str, Any], services: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """Merge service documents into `base`, prefixing paths and renaming clashing schemas."""
    doc = copy.deepcopy(base)
    # the gateway's own internal routes (the audit-trail check for operations) are not for integrators either
    doc["paths"] = {p: item for p, item in doc.get("paths", {}).items() if not p.startswith(HIDDEN_PREFIXES)}
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    unavailable = []
    for name, spec in services.items():
        if spec is None:
            unavailable.append(name)
            continue
        renames: dict[str, str] = {}
        for schema_name, schema in spec.get("components", {}).get("schemas", {}).items():
            if schema_name in schemas and schemas[schema_name] != schema:
                renames[schema_name] = f"{name.capitalize()}{schema_name}"
        text = json.dumps(spec, ensure_ascii=False)
        for old, new in renames.items():
            text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
        spec = json.loads(text)
        for schema_name, schema in spec.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(schema_name, schema_name)] = schema
        for path, item in spec.get("paths", {}).items():
            if path.startswith(HIDDEN_PREFIXES):
                continue
            for op in item.values():
                if isinstance(op, dict) and "operationId" in op:
                    op["operationId"] = f"{name}_{op['operationId']}"
                    op.setdefault("tags", []).insert(0, name)
            doc["paths"][f"/api/{name}{path}"] = item
    if unavailable:
        doc["info"]["description"] += f"\n\n（以下服务暂不可用，其接口未列出：{'、'.join(unavailable)}）"
    return doc


async def _fetch(http: aiohttp.ClientSession, url: str) -> dict[str, Any] | None:
    try:
        async with http.get(f"{url}/openapi.json", timeout=aiohttp.ClientTimeout(total=3)) as resp:
            if resp.status != 200:
                return None
            body: dict[str, Any] = await resp.json()
            return body
    except (aiohttp.ClientError, TimeoutError):
        return None


@router.get("/api/openapi.json", include_in_schema=False)
async def combined_openapi(request: Request) -> dict[str, Any]:
    if _CACHE["doc"] is not None and time.monotonic() - _CACHE["at"] < 60:
        return _CACHE["doc"]  # type: ignore[no-any-return]
    from gateway.proxy.router import http_session

    settings: Settings = request.app.state.settings
    http = http_session(request)
    services = {name: await _fetch(http, url) for name, url in settings.upstreams().items()}
    doc = merge_openapi(request.app.openapi(), services)
    if all(v is not None for v in services.values()):
        _CACHE.update(at=time.monotonic(), doc=doc)
    return doc


@router.get("/api/docs", include_in_schema=False)
async def combined_docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/api/openapi.json",
        title="工业产品质量安全主体责任信息平台 接口文档",
        swagger_js_url="/static-offline-docs/swagger-ui-bundle.js",
        swagger_css_url="/static-offline-docs/swagger-ui.css",
        swagger_favicon_url="/static-offline-docs/favicon.png",
    )
