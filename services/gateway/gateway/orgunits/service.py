"""The org-unit tree, scoped to the caller's own unit and below."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.models import OrgUnit
from gateway.orgunits.schemas import OrgUnitNode, OrgUnitOut
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.errors import NotFound


def _out(u: OrgUnit) -> OrgUnitOut:
    return OrgUnitOut(
        id=str(u.id), code=u.code, name=u.name, short_name=u.short_name, level=u.level, path=u.path,
        parent_id=str(u.parent_id) if u.parent_id else None,
    )


async def subtree(session: AsyncSession, *, principal: Principal) -> list[OrgUnitNode]:
    """The caller's unit with everything below it, as nested nodes, in code order."""
    rows = (
        await session.scalars(
            select(OrgUnit)
            .where(jurisdiction_filter(OrgUnit.path, principal), OrgUnit.is_active.is_(True))
            .order_by(OrgUnit.path)
        )
    ).all()
    nodes = {str(u.id): OrgUnitNode(**_out(u).model_dump()) for u in rows}
    roots: list[OrgUnitNode] = []
    for u in rows:
        node = nodes[str(u.id)]
        parent = nodes.get(str(u.parent_id)) if u.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.level != "county" and n.level != "prefecture", n.code))
    return roots


async def get_by_code(session: AsyncSession, *, principal: Principal, code: str) -> OrgUnitOut:
    unit = await session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    if unit is None or not principal.covers(unit.path):
        raise NotFound("组织机构不存在或不在您的管辖范围内", code="ORG_UNIT_NOT_FOUND")
    return _out(unit)
