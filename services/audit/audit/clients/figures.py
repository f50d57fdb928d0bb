"""Figures for pre-filling an audit, read from registry, grading and inspection.

Each service answers `GET /internal/audit-figures?org_path=&date_from=&date_to=` for a service
token (the definitions of the figures are in docs/api/<service>.md). A service that does not
answer leaves its items unfilled, with the reason shown; the audit can be refreshed later.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from servicekit.auth import ServiceTokenIssuer
from servicekit.clients import ServiceClient

SOURCES = {"registry": "主体档案服务", "grading": "分级分类服务", "inspection": "监督检查服务"}


@dataclass
class Figures:
    by_service: dict[str, dict[str, Any]] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)  # service → reason

    def get(self, service: str, key: str) -> Any:
        return self.by_service.get(service, {}).get(key)


FigureSource = Callable[[str, dt.date, dt.date], Awaitable[Figures]]


class _Client(ServiceClient):
    def __init__(self, name: str, *args: Any, **kw: Any) -> None:
        self.service_name = SOURCES[name]
        super().__init__(*args, **kw)


def figures_from_services(urls: dict[str, str], issuer: ServiceTokenIssuer | None, *,
                          timeout: float = 5.0) -> FigureSource:
    async def one(name: str, org_path: str, start: dt.date, end: dt.date) -> tuple[str, dict[str, Any] | str]:
        client = _Client(name, urls[name], token_issuer=issuer, timeout=timeout)
        try:
            body = await client.request("GET", "/internal/audit-figures", params={
                "org_path": org_path, "date_from": start.isoformat(), "date_to": end.isoformat()})
            return name, dict(body["figures"])
        except Exception as exc:  # any failure of one source leaves only its items unfilled
            return name, f"{SOURCES[name]}暂不可用（{str(exc)[:120]}）"
        finally:
            await client.aclose()

    async def load(org_path: str, start: dt.date, end: dt.date) -> Figures:
        out = Figures()
        for name, result in await asyncio.gather(*(one(n, org_path, start, end) for n in urls)):
            if isinstance(result, str):
                out.unavailable[name] = result
            else:
                out.by_service[name] = result
        return out

    return load
