"""Who may call what in the audit service (checked here, on every route), and the org tree."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from servicekit.auth import ADMIN_ROLES, BUREAU_ROLES, REGULATOR_ROLES, Authenticator, Principal
from servicekit.errors import Forbidden, InvalidInput
from servicekit.orgs import OrgDirectory, OrgNode

Regulator = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES))]
Bureau = Annotated[Principal, Depends(Authenticator(roles=BUREAU_ROLES))]  # audits, follow-ups, points
Admin = Annotated[Principal, Depends(Authenticator(roles=ADMIN_ROLES))]
RegionStaff = Annotated[Principal, Depends(Authenticator(roles={"region_admin", "region_officer"}))]
National = Annotated[Principal, Depends(Authenticator(roles={"api_client"}, scopes={"national:read"}))]

LEVEL_LABELS = {"region": "自治区局", "prefecture": "地市局", "county": "县区局", "station": "市场监管所"}


def org_directory(request: Request) -> OrgDirectory:
    return request.app.state.org_directory  # type: ignore[no-any-return]


OrgsDep = Annotated[OrgDirectory, Depends(org_directory)]


def own_code(principal: Principal) -> str:
    return (principal.org_path or "").split("/")[-1]


async def own_org(orgs: OrgDirectory, principal: Principal) -> OrgNode:
    node = await orgs.get(own_code(principal))
    if node is None:
        raise Forbidden("您所在的监管单位不在组织机构中", code="ORG_UNKNOWN")
    return node


async def known_org(orgs: OrgDirectory, code: str) -> OrgNode:
    node = await orgs.get(code)
    if node is None:
        raise InvalidInput(f"监管单位 {code} 不存在", code="ORG_UNKNOWN")
    return node


async def subordinate(orgs: OrgDirectory, principal: Principal, code: str) -> tuple[OrgNode, OrgNode]:
    """(caller's bureau, `code`) when `code` is a bureau directly below the caller's.

    The plan's ladder: 自治区局 → 地市局 and 拉萨经开区局, 地市局 → 县区局, 县区局 → 市场监管所.
    """
    upper = await own_org(orgs, principal)
    lower = await known_org(orgs, code)
    if lower.parent_code != upper.code:
        raise Forbidden(f"{lower.name}不是{upper.name}的直属下级，不能对其督查、督办或考核计分",
                        code="NOT_SUBORDINATE")
    return upper, lower
