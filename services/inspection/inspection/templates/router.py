"""/v1/templates: the 监管任务清单 templates (附件5-1 producers, 附件5-2 sellers), versioned.

A new version is published as data (region administrators); a filled checklist keeps the
version it was made from."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.deps import Admin, RegulatorOrEnterprise
from inspection.models import ChecklistItem, ChecklistTemplate
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep
from servicekit.errors import NotFound

router = make_router(prefix="/v1/templates", tags=["templates"])
ITEM_NO = re.compile(r"^\d{1,2}(\.\d{1,2})?$")


class ItemOut(BaseModel):
    item_no: str
    section_no: int
    section_title: str
    text: str
    unit_section: bool


class TemplateOut(BaseModel):
    id: int
    code: str
    kind: str
    version: int
    title: str
    note: str | None
    published_by: str
    published_at: dt.datetime
    current: bool
    items: list[ItemOut]


class ItemIn(BaseModel):
    item_no: str = Field(description="序号，如 1.1；最后一节（关键风险点）为节号，如 6")
    section_no: int = Field(ge=1, le=20)
    section_title: str = Field(min_length=2, max_length=100)
    text: str = Field(min_length=2, max_length=1000)

    @field_validator("item_no")
    @classmethod
    def _no(cls, v: str) -> str:
        if not ITEM_NO.match(v):
            raise ValueError("序号应为“节号.项号”，如 1.1")
        return v


class TemplateIn(BaseModel):
    code: Literal["5-1", "5-2"]
    title: str = Field(min_length=2, max_length=200)
    note: str | None = Field(default=None, max_length=2000)
    items: list[ItemIn] = Field(min_length=2, max_length=200)

    @field_validator("items")
    @classmethod
    def _items(cls, items: list[ItemIn]) -> list[ItemIn]:
        numbers = [i.item_no for i in items]
        if len(set(numbers)) != len(numbers):
            raise ValueError("序号不能重复")
        for i in items:
            if not (i.item_no == str(i.section_no) or i.item_no.startswith(f"{i.section_no}.")):
                raise ValueError(f"序号 {i.item_no} 与节号 {i.section_no} 不一致")
        last = max(i.section_no for i in items)
        if [i.item_no for i in items if i.section_no == last] != [str(last)]:
            raise ValueError("最后一节须为“关键风险点和风险管控事项”，只有一项，序号即节号")
        return items


async def template_out(session: AsyncSession, t: ChecklistTemplate) -> TemplateOut:
    items = (await session.scalars(select(ChecklistItem).where(ChecklistItem.template_id == t.id)
                                   .order_by(ChecklistItem.sort))).all()
    latest = await session.scalar(select(func.max(ChecklistTemplate.version)).where(ChecklistTemplate.code == t.code))
    return TemplateOut(id=t.id, code=t.code, kind=t.kind, version=t.version, title=t.title, note=t.note,
                       published_by=t.published_by, published_at=t.published_at, current=t.version == latest,
                       items=[ItemOut.model_validate(i, from_attributes=True) for i in items])


async def current_template(session: AsyncSession, kind: str) -> ChecklistTemplate:
    t = await session.scalar(select(ChecklistTemplate).where(ChecklistTemplate.kind == kind)
                             .order_by(ChecklistTemplate.version.desc()).limit(1))
    if t is None:
        raise NotFound("缺少监管任务清单模板", code="TEMPLATE_MISSING")
    return t


@router.get("", response_model=list[TemplateOut], operation_id="template_list", summary="监管任务清单模板（各版本）")
async def template_list(_: RegulatorOrEnterprise, session: SessionDep, all_versions: bool = False) -> list[TemplateOut]:
    rows = (await session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.code,
                                                                     ChecklistTemplate.version.desc()))).all()
    out = [await template_out(session, t) for t in rows]
    return out if all_versions else [t for t in out if t.current]


@router.get("/{template_id}", response_model=TemplateOut, operation_id="template_get", summary="某版本模板")
async def template_get(template_id: int, _: RegulatorOrEnterprise, session: SessionDep) -> TemplateOut:
    t = await session.get(ChecklistTemplate, template_id)
    if t is None:
        raise NotFound("未找到该模板版本", code="TEMPLATE_NOT_FOUND")
    return await template_out(session, t)


@router.post("", response_model=TemplateOut, status_code=201, operation_id="template_publish",
             summary="发布新版本监管任务清单模板")
async def template_publish(body: TemplateIn, principal: Admin, session: SessionDep) -> TemplateOut:
    latest = await session.scalar(select(func.max(ChecklistTemplate.version)).where(ChecklistTemplate.code == body.code))
    t = ChecklistTemplate(code=body.code, kind="producer" if body.code == "5-1" else "seller",
                          version=(latest or 0) + 1, title=body.title, note=body.note, published_by=principal.username)
    session.add(t)
    await session.flush()
    last = max(i.section_no for i in body.items)
    for sort, i in enumerate(body.items):
        session.add(ChecklistItem(template_id=t.id, item_no=i.item_no, section_no=i.section_no,
                                  section_title=i.section_title, text=i.text, unit_section=i.section_no == last,
                                  sort=sort))
    await session.flush()
    await record_change(session, actor=principal, action="publish", entity_type="checklist_template", entity_id=t.id,
                        after=body.model_dump(), reason=f"发布附件{body.code}第{t.version}版")
    return await template_out(session, t)
