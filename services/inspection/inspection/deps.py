"""Who may call what in the inspection service (checked here, on every route)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from servicekit.auth import ADMIN_ROLES, BUREAU_ROLES, REGULATOR_ROLES, Authenticator, Principal
from servicekit.errors import InvalidInput
from servicekit.orgs import OrgDirectory, OrgNode

Regulator = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES))]
RegulatorOrEnterprise = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES | {"enterprise_user"}))]
Enterprise = Annotated[Principal, Depends(Authenticator(roles={"enterprise_user"}))]
Admin = Annotated[Principal, Depends(Authenticator(roles=ADMIN_ROLES))]
Bureau = Annotated[Principal, Depends(Authenticator(roles=BUREAU_ROLES))]  # draws, assessments


def org_directory(request: Request) -> OrgDirectory:
    return request.app.state.org_directory  # type: ignore[no-any-return]


OrgsDep = Annotated[OrgDirectory, Depends(org_directory)]


async def org_node(orgs: OrgDirectory, code: str | None, principal: Principal) -> OrgNode:
    """The org unit `code` (the caller's own when omitted), which must lie in the caller's jurisdiction."""
    code = code or (principal.org_path or "").split("/")[-1]
    node = await orgs.get(code)
    if node is None:
        raise InvalidInput(f"监管单位 {code} 不存在", code="ORG_UNKNOWN")
    principal.ensure_covers(node.path)
    return node
