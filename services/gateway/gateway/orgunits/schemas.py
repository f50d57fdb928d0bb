from __future__ import annotations

from pydantic import BaseModel


class OrgUnitOut(BaseModel):
    id: str
    code: str
    name: str
    short_name: str | None
    level: str
    path: str
    parent_id: str | None


class OrgUnitNode(OrgUnitOut):
    children: list[OrgUnitNode] = []


class OrgUnitTree(BaseModel):
    items: list[OrgUnitNode]
    total: int
