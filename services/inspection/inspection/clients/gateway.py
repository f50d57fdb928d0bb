"""The gateway's staff list (who can be drawn to inspect), read with a service token."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from servicekit.auth import ServiceTokenIssuer
from servicekit.clients import ServiceClient


@dataclass(frozen=True)
class Staff:
    id: str
    display_name: str
    org_unit_code: str


StaffLookup = Callable[[str, list[str]], Awaitable[list[Staff]]]


class GatewayClient(ServiceClient):
    service_name = "统一网关"


def staff_from_gateway(base_url: str, issuer: ServiceTokenIssuer | None, *, timeout: float = 5.0) -> StaffLookup:
    async def lookup(org_code: str, roles: list[str]) -> list[Staff]:
        client = GatewayClient(base_url, token_issuer=issuer, timeout=timeout)
        try:
            body = await client.request("GET", "/api/auth/v1/staff", params={"org": org_code, "role": roles})
        finally:
            await client.aclose()
        return [Staff(str(s["id"]), s["display_name"], s["org_unit_code"]) for s in body]

    return lookup
