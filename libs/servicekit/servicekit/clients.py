"""Typed inter-service HTTP clients: service token, timeouts, bounded retries, problem mapping."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from servicekit.auth import ServiceTokenIssuer
from servicekit.errors import AppError, UpstreamError, UpstreamTimeout
from servicekit.observability import REQUEST_ID_HEADER, current_request_id

log = logging.getLogger("servicekit.clients")

_RETRY_STATUSES = {502, 503, 504}


class ServiceClient:
    """Base of each service's typed client in its `clients/` folder."""

    service_name = "service"

    def __init__(
        self,
        base_url: str,
        *,
        token_issuer: ServiceTokenIssuer | None,
        timeout: float = 5.0,
        retries: int = 2,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token_issuer = token_issuer
        self.retries = retries
        self._client = httpx.AsyncClient(base_url=self.base_url, timeout=timeout, transport=transport)

    async def aclose(self) -> None:
        await self._client.aclose()

    def _headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.token_issuer is not None:
            headers["authorization"] = f"Bearer {self.token_issuer.token()}"
        request_id = current_request_id()
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        return headers

    async def request(
        self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Call the service; retry connection failures and 502–504 for idempotent calls."""
        if idempotent is None:
            idempotent = method.upper() in {"GET", "HEAD", "PUT", "DELETE"}
        attempts = 1 + (self.retries if idempotent else 0)
        last: Exception | None = None
        for attempt in range(attempts):
            try:
                resp = await self._client.request(method, path, json=json, params=params, headers=self._headers())
            except httpx.TimeoutException as exc:
                last = UpstreamTimeout(f"{self.service_name} 服务响应超时")
                log.warning("upstream timeout", extra={"service": self.service_name, "path": path, "attempt": attempt})
                del exc
            except httpx.TransportError:
                last = UpstreamError(f"{self.service_name} 服务暂时不可用")
            else:
                if resp.status_code in _RETRY_STATUSES and attempt + 1 < attempts:
                    last = UpstreamError(f"{self.service_name} 服务暂时不可用")
                elif resp.status_code >= 400:
                    raise _problem_to_error(resp)
                else:
                    return resp.json() if resp.content else None
            if attempt + 1 < attempts:
                await asyncio.sleep(0.2 * (2 ** attempt))
        assert last is not None
        raise last


def _problem_to_error(resp: httpx.Response) -> AppError:
    try:
        body = resp.json()
    except ValueError:
        body = {}
    if resp.status_code >= 500:
        return UpstreamError(body.get("detail") or "依赖的服务出错，请稍后重试")
    if resp.status_code == 401:
        # Our own service token was refused: a deployment fault, not the caller's.
        log.error("service token refused by upstream", extra={"code": body.get("code")})
        return UpstreamError("服务间认证失败，请联系管理员检查服务密钥配置", code="UPSTREAM_AUTH_FAILED")
    error = AppError(
        body.get("detail") or "依赖服务拒绝了请求",
        code=body.get("code") or "UPSTREAM_REJECTED",
        status_code=resp.status_code,
    )
    error.title = body.get("title") or error.title
    return error
