"""Route dependencies shared by the registry's domains: who may call, and the archive context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from registry.context import ArchiveContext, archive_context
from servicekit.auth import ADMIN_ROLES, REGULATOR_ROLES, Authenticator, Principal

Regulator = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES))]
RegulatorOrEnterprise = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES | {"enterprise_user"}))]
Admin = Annotated[Principal, Depends(Authenticator(roles=ADMIN_ROLES))]
PrefectureOfficer = Annotated[Principal, Depends(Authenticator(roles={"prefecture_officer"}))]
RegionStaff = Annotated[Principal, Depends(Authenticator(roles={"region_admin", "region_officer"}))]
Ctx = Annotated[ArchiveContext, Depends(archive_context)]
