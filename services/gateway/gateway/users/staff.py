"""/api/auth/v1/staff: the regulators working in an org unit and below — who can be drawn or
assigned to inspect. Readable by regulators within their jurisdiction and by other services."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import or_, select

from gateway.models import OrgUnit, User
from servicekit.app import make_router
from servicekit.auth import REGULATOR_ROLES, ROLE_LABELS, Authenticator, Principal
from servicekit.db import SessionDep
from servicekit.errors import InvalidInput, OutOfJurisdiction

router = make_router(prefix="/api/auth/v1", tags=["users"])
Caller = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES, allow_service=True))]


class StaffOut(BaseModel):
    id: uuid.UUID
    display_name: str
    roles: list[str]
    role_labels: list[str]
    org_unit_code: str
    org_unit_name: str


@router.get("/staff", response_model=list[StaffOut], operation_id="staff_list",
            summary="某单位及下级单位的在岗监管人员（可按角色筛选）")
async def staff_list(
    principal: Caller, session: SessionDep,
    org: Annotated[str, Query(max_length=20, description="监管单位编码")],
    role: Annotated[list[str] | None, Query(description="角色，可多选")] = None,
) -> list[StaffOut]:
    unit = await session.scalar(select(OrgUnit).where(OrgUnit.code == org))
    if unit is None:
        raise InvalidInput(f"监管单位 {org} 不存在", code="ORG_UNKNOWN")
    if not principal.covers(unit.path):
        raise OutOfJurisdiction()
    roles = set(role or REGULATOR_ROLES) & REGULATOR_ROLES
    rows = await session.execute(
        select(User, OrgUnit).join(OrgUnit, OrgUnit.id == User.org_unit_id)
        .where(or_(OrgUnit.path == unit.path, OrgUnit.path.like(unit.path + "/%")), User.is_active.is_(True),
               User.roles.overlap(sorted(roles)))
        .order_by(OrgUnit.path, User.display_name))
    return [StaffOut(id=u.id, display_name=u.display_name, roles=list(u.roles),
                     role_labels=[ROLE_LABELS[r] for r in u.roles if r in ROLE_LABELS], org_unit_code=o.code,
                     org_unit_name=o.name) for u, o in rows.all()]
