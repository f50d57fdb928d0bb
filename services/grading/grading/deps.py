"""Who may call what in the grading service (checked here, in the service, on every route)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from servicekit.auth import ADMIN_ROLES, BUREAU_ROLES, REGULATOR_ROLES, Authenticator, Principal

# Decisions (overrides, escalations, categories, designations, freezing lists): bureau staff,
# not station inspectors, each within its own jurisdiction.
DECIDER_ROLES = BUREAU_ROLES

AnyUser = Annotated[Principal, Depends(Authenticator())]
Regulator = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES))]
RegulatorOrEnterprise = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES | {"enterprise_user"}))]
Decider = Annotated[Principal, Depends(Authenticator(roles=DECIDER_ROLES))]
Admin = Annotated[Principal, Depends(Authenticator(roles=ADMIN_ROLES))]
