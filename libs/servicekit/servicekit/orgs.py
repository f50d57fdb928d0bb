"""The org tree, read from the gateway with a service token and cached in memory (every service uses it)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from servicekit.auth import ServiceTokenIssuer
from servicekit.clients import ServiceClient


@dataclass(frozen=True)
class OrgNode:
    code: str
    name: str
    short_name: str | None
    level: str
    path: str
    parent_code: str | None


class GatewayClient(ServiceClient):
    service_name = "统一网关"

    async def org_tree(self) -> list[dict[str, Any]]:
        body = await self.request("GET", "/api/auth/v1/org-units")
        return list(body["items"])


def flatten(items: list[dict[str, Any]], parent: str | None = None) -> list[OrgNode]:
    out: list[OrgNode] = []
    for item in items:
        out.append(OrgNode(code=item["code"], name=item["name"], short_name=item.get("short_name"),
                           level=item["level"], path=item["path"], parent_code=parent))
        out.extend(flatten(item.get("children", []), item["code"]))
    return out


class OrgDirectory:
    """Code → org unit; refreshed from the gateway at most every `ttl` seconds."""

    def __init__(self, loader: Callable[[], Awaitable[list[OrgNode]]], *, ttl: float = 300) -> None:
        self._loader = loader
        self._ttl = ttl
        self._nodes: dict[str, OrgNode] = {}
        self._loaded_at = 0.0

    @classmethod
    def from_gateway(cls, base_url: str, issuer: ServiceTokenIssuer | None, *, timeout: float = 5.0) -> OrgDirectory:
        async def load() -> list[OrgNode]:
            client = GatewayClient(base_url, token_issuer=issuer, timeout=timeout)
            try:
                return flatten(await client.org_tree())
            finally:
                await client.aclose()

        return cls(load)

    @classmethod
    def from_nodes(cls, nodes: list[OrgNode]) -> OrgDirectory:
        async def load() -> list[OrgNode]:
            return nodes

        return cls(load, ttl=1e9)

    async def _ensure(self, *, force: bool = False) -> None:
        stale = time.monotonic() - self._loaded_at > self._ttl
        if not self._nodes or stale or (force and time.monotonic() - self._loaded_at > 30):
            nodes = await self._loader()
            self._nodes = {n.code: n for n in nodes}
            self._loaded_at = time.monotonic()

    async def get(self, code: str) -> OrgNode | None:
        await self._ensure()
        node = self._nodes.get(code)
        if node is None:
            await self._ensure(force=True)
            node = self._nodes.get(code)
        return node

    async def all(self) -> list[OrgNode]:
        await self._ensure()
        return list(self._nodes.values())
