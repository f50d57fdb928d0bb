"""/api/auth/v1/org-units: the caller's part of the org tree."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from gateway.orgunits import service
from gateway.orgunits.schemas import OrgUnitOut, OrgUnitTree
from servicekit.app import make_router
from servicekit.auth import REGULATOR_ROLES, Authenticator, Principal
from servicekit.db import SessionDep

router = make_router(prefix="/api/auth/v1/org-units", tags=["org-units"])

TreeReader = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES | {"api_client"}, allow_service=True))]


def _count(nodes: list) -> int:  # type: ignore[type-arg]
    return sum(1 + _count(n.children) for n in nodes)


@router.get("", response_model=OrgUnitTree, operation_id="org_unit_tree", summary="组织机构树（本级及下级）")
async def org_unit_tree(principal: TreeReader, session: SessionDep) -> OrgUnitTree:
    items = await service.subtree(session, principal=principal)
    return OrgUnitTree(items=items, total=_count(items))


@router.get("/{code}", response_model=OrgUnitOut, operation_id="org_unit_get", summary="按编码查询组织机构")
async def org_unit_get(code: str, principal: TreeReader, session: SessionDep) -> OrgUnitOut:
    return await service.get_by_code(session, principal=principal, code=code)
