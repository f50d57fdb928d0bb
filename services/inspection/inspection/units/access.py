"""Loading a unit the caller may see: a regulator within its jurisdiction, an enterprise user its own."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import Unit
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.errors import NotFound

NOBODY = uuid.UUID(int=0)  # matches no unit


def own_unit(principal: Principal) -> uuid.UUID:
    """An enterprise user's own unit (an id matching nothing when the token names none)."""
    return uuid.UUID(principal.enterprise_id) if principal.enterprise_id else NOBODY


def may_see(principal: Principal, enterprise_id: uuid.UUID, org_path: str) -> bool:
    if principal.is_enterprise:
        return own_unit(principal) == enterprise_id
    return principal.covers(org_path)


def visible(principal: Principal, enterprise_id: Any, org_path: Any) -> ColumnElement[bool]:
    """The rows a caller may list: an enterprise user its own unit's, a regulator its jurisdiction's."""
    if principal.is_enterprise:
        return enterprise_id == own_unit(principal)  # type: ignore[no-any-return]
    return jurisdiction_filter(org_path, principal)


async def unit_names(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Names of units from this service's copy of the archive, in one query."""
    if not ids:
        return {}
    return dict((await session.execute(select(Unit.enterprise_id, Unit.name).where(Unit.enterprise_id.in_(ids)))).all())


async def load_unit(session: AsyncSession, principal: Principal, enterprise_id: uuid.UUID) -> Unit:
    u = await session.get(Unit, enterprise_id)
    if u is None or not may_see(principal, u.enterprise_id, u.org_path):
        raise NotFound("未找到该主体（或尚未同步到监督检查服务）", code="UNIT_NOT_FOUND")
    return u
