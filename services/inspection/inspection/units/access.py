"""Loading a unit the caller may see: a regulator within its jurisdiction, an enterprise user its own."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import Unit
from servicekit.auth import Principal
from servicekit.errors import NotFound


def may_see(principal: Principal, enterprise_id: uuid.UUID, org_path: str) -> bool:
    if principal.is_enterprise:
        return principal.enterprise_id == str(enterprise_id)
    return principal.covers(org_path)


async def load_unit(session: AsyncSession, principal: Principal, enterprise_id: uuid.UUID) -> Unit:
    u = await session.get(Unit, enterprise_id)
    if u is None or not may_see(principal, u.enterprise_id, u.org_path):
        raise NotFound("未找到该主体（或尚未同步到监督检查服务）", code="UNIT_NOT_FOUND")
    return u
