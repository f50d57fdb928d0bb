from __future__ import annotations

from pydantic import BaseModel


class OrgUnitNode(BaseModel):
    id: str
    code: str
    name: str
    short_name: str | None
    level: str
    path: str
    parent_id: str | None
    children: list[OrgUnitNode] = []


class OrgUnitTree(BaseModel):
    items: list[OrgUnitNode]
    total: int


class OrgUnitOut(BaseModel):
    id: str
    code: str
    name: str
    short_name: str | None
    level: str
    path: str
    parent_id: str | None
