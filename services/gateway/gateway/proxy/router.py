"""Reverse proxy /api/<service>/<path> → <service url>/<path>.

Streams both ways, strips hop-by-hop headers and any identity header a client could forge,
adds the request id and X-Forwarded-*, rejects a bad token at the edge (each service verifies
again), and turns an unreachable or slow service into 502/504 problem+json instead of a hang.
aiohttp's client is used here, on the hot path, for its throughput under concurrency.

What the gateway benchmark (bench/gateway_bench.py) showed on the hot path, and what is done about it:
a response of known length up to BUFFER_LIMIT (every JSON answer) is read whole and sent as one
plain response — streaming it cost an extra task group per request; longer or open-ended bodies
(xlsx, PDF, photos) still stream. A token's signature is checked once: the edge remembers, until
the token's own expiry, that it verified (EdgeTokenCache).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import aiohttp
import jwt
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from gateway.settings import Settings
from servicekit.auth import TokenVerifier, bearer_token
from servicekit.errors import NotFound, UpstreamError, UpstreamTimeout
from servicekit.observability import REQUEST_ID_HEADER, current_request_id

log = logging.getLogger("gateway.proxy")

router = APIRouter(tags=["proxy"])

HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
    "transfer-encoding", "upgrade", "host", "content-length",
}
# Identity is carried only by the signed token; these headers are never trusted and never passed on.
SPOOFABLE_PREFIXES = ("x-principal", "x-user", "x-org", "x-enterprise", "x-roles", "x-role", "x-service",
                      "x-forwarded-user", "x-remote-user", "x-auth", "remote-user")
BLOCKED_PATHS = ("internal", "metrics")
BUFFER_LIMIT = 1024 * 1024
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def forward_headers(request: Request) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in request.headers.items():
        lname = name.lower()
        if lname in HOP_BY_HOP or lname.startswith(SPOOFABLE_PREFIXES) or lname.startswith("x-forwarded-"):
            continue
        if lname == REQUEST_ID_HEADER:
            continue
        out[name] = value
    out[REQUEST_ID_HEADER] = current_request_id() or ""
    out["x-forwarded-for"] = request.client.host if request.client else ""
    out["x-forwarded-proto"] = request.scope.get("scheme", "http")  # request.url would build a URL per request
    out["x-forwarded-host"] = request.headers.get("host", "")
    return out


def response_headers(resp: aiohttp.ClientResponse) -> dict[str, str]:
    return {k: v for k, v in resp.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != REQUEST_ID_HEADER}


async def _body(request: Request) -> bytes | AsyncIterator[bytes] | None:
    if request.method in {"GET", "HEAD", "OPTIONS", "DELETE"} and "content-length" not in request.headers:
        return None
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) <= BUFFER_LIMIT:
        return await request.body()
    return request.stream()


class EdgeTokenCache:
    """Tokens whose signature and claims the edge has verified, each until its own expiry.

    The edge check is a pure function of the token and the clock (the gateway's own key, fixed for the
    process's life), so remembering a success changes no answer: a token is taken from here only before
    its `exp`, and anything not here is verified in full. Bounded; full, it forgets the expired, then all.
    """

    def __init__(self, verifier: TokenVerifier, max_entries: int = 10_000) -> None:
        self.verifier = verifier
        self.max_entries = max_entries
        self._until: dict[str, float] = {}

    async def check(self, token: str) -> None:
        until = self._until.get(token)
        if until is not None and time.time() < until:
            return
        await self.verifier.verify(token)  # raises 401 problem+json
        exp = jwt.decode(token, options={"verify_signature": False}).get("exp")
        if not isinstance(exp, int | float):
            return
        if len(self._until) >= self.max_entries:
            now = time.time()
            self._until = {t: u for t, u in self._until.items() if u > now}
            if len(self._until) >= self.max_entries:
                self._until.clear()
        self._until[token] = float(exp)


def edge_cache(request: Request) -> EdgeTokenCache:
    state = request.app.state
    cache: EdgeTokenCache | None = getattr(state, "edge_token_cache", None)
    if cache is None or cache.verifier is not state.edge_verifier:
        cache = state.edge_token_cache = EdgeTokenCache(state.edge_verifier)
    return cache


@router.api_route("/api/{service}/{path:path}", methods=METHODS, include_in_schema=False)
async def proxy(service: str, path: str, request: Request) -> Response:
    settings: Settings = request.app.state.settings
    upstream = settings.upstreams().get(service)
    if upstream is None or path.split("/", 1)[0] in BLOCKED_PATHS:
        raise NotFound("接口不存在", code="ROUTE_NOT_FOUND")
    token = bearer_token(request)
    if token is not None:
        await edge_cache(request).check(token)  # raises 401 problem+json; the service verifies again
    http = http_session(request)
    url = f"{upstream}/{path}"
    query = request.scope.get("query_string", b"")
    if query:
        url += f"?{query.decode('latin-1')}"
    timeout = aiohttp.ClientTimeout(
        total=settings.proxy_timeout_seconds, sock_connect=settings.proxy_connect_timeout_seconds
    )
    try:
        upstream_resp = await http.request(
            request.method, url, headers=forward_headers(request), data=await _body(request),
            allow_redirects=False, timeout=timeout,
        )
    except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
        log.warning("upstream timeout", extra={"service": service})
        raise UpstreamTimeout(f"{_label(service)}响应超时，请稍后重试") from exc
    except aiohttp.ClientError as exc:
        log.warning("upstream unreachable", extra={"service": service, "error": type(exc).__name__})
        raise UpstreamError(f"{_label(service)}暂时不可用，请稍后重试") from exc

    length = upstream_resp.content_length
    if request.method != "HEAD" and length is not None and length <= BUFFER_LIMIT:
        # A JSON answer: read it whole and send it at once.
        try:
            body = await upstream_resp.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            log.warning("upstream timeout", extra={"service": service})
            raise UpstreamTimeout(f"{_label(service)}响应超时，请稍后重试") from exc
        except aiohttp.ClientError as exc:
            log.warning("upstream body interrupted", extra={"service": service, "error": type(exc).__name__})
            raise UpstreamError(f"{_label(service)}暂时不可用，请稍后重试") from exc
        finally:
            upstream_resp.release()
        return Response(body, status_code=upstream_resp.status, headers=response_headers(upstream_resp))

    async def stream() -> AsyncIterator[bytes]:
        try:
            async for chunk in upstream_resp.content.iter_chunked(64 * 1024):
                yield chunk
        except (TimeoutError, aiohttp.ClientError):
            log.warning("upstream body interrupted", extra={"service": service})

    async def release() -> None:  # a coroutine: a plain function would be run in a worker thread
        upstream_resp.release()

    return StreamingResponse(
        stream(), status_code=upstream_resp.status, headers=response_headers(upstream_resp),
        background=BackgroundTask(release),
    )


_LABELS = {"registry": "主体档案服务", "grading": "分层分级服务", "inspection": "监督检查服务", "audit": "督查服务"}


def _label(service: str) -> str:
    return _LABELS.get(service, "后端服务")


def http_session(request: Request) -> aiohttp.ClientSession:
    """The app's pooled client, created on first use inside the running loop."""
    http: aiohttp.ClientSession | None = getattr(request.app.state, "http", None)
    if http is None or http.closed:
        connector = aiohttp.TCPConnector(limit=200, limit_per_host=100, ttl_dns_cache=300)
        http = aiohttp.ClientSession(connector=connector, auto_decompress=False, skip_auto_headers=["User-Agent"])
        request.app.state.http = http
    return http


