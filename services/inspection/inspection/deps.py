"""Who may call what in the inspection service (checked here, on every route)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from servicekit.auth import ADMIN_ROLES, BUREAU_ROLES, REGULATOR_ROLES, Authenticator, Principal

Regulator = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES))]
RegulatorOrEnterprise = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES | {"enterprise_user"}))]
Enterprise = Annotated[Principal, Depends(Authenticator(roles={"enterprise_user"}))]
Admin = Annotated[Principal, Depends(Authenticator(roles=ADMIN_ROLES))]
Bureau = Annotated[Principal, Depends(Authenticator(roles=BUREAU_ROLES))]  # draws, assessments
