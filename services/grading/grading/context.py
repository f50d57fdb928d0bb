"""What the grading routes need besides the session: today (servicekit's clock) and the org tree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from servicekit.auth import Principal
from servicekit.errors import AppError, InvalidInput
from servicekit.orgs import OrgDirectory, OrgNode


@dataclass
class GradingContext:
    directory: OrgDirectory
    today: dt.date

    async def org(self, code: str | None, principal: Principal) -> OrgNode:
        """The org unit `code` (default: the caller's own), which the caller must cover."""
        code = code or (principal.org_path or "").split("/")[-1]
        try:
            node = await self.directory.get(code)
        except AppError:
            node = None
        if node is None:
            raise InvalidInput(f"监管单位 {code} 不存在", code="ORG_UNKNOWN")
        principal.ensure_covers(node.path)
        return node

    async def names(self) -> dict[str, str]:
        try:
            return {n.code: n.name for n in await self.directory.all()}
        except AppError:
            return {}


def grading_context(request: Request) -> GradingContext:
    return GradingContext(directory=request.app.state.org_directory, today=request.app.state.today())


Ctx = Annotated[GradingContext, Depends(grading_context)]

