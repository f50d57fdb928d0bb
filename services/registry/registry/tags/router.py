"""/v1/category-tags: the editable list of key-category tags (重点品类)."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import select

from registry.deps import Admin, Regulator
from registry.models import CategoryTag
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep
from servicekit.errors import Conflict

router = make_router(prefix="/v1/category-tags", tags=["category-tags"])


class TagOut(BaseModel):
    code: str
    name: str
    first_batch: bool
    active: bool


class TagIn(BaseModel):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$", description="英文小写编码")
    name: str = Field(min_length=2, max_length=40)


@router.get("", response_model=list[TagOut], operation_id="category_tags", summary="重点品类标签")
async def category_tags(_: Regulator, session: SessionDep) -> list[TagOut]:
    rows = await session.scalars(select(CategoryTag).order_by(CategoryTag.sort_order, CategoryTag.code))
    return [TagOut.model_validate(t, from_attributes=True) for t in rows.all()]


@router.post("", response_model=TagOut, status_code=201, operation_id="category_tag_create", summary="新增重点品类标签")
async def category_tag_create(body: TagIn, principal: Admin, session: SessionDep) -> TagOut:
    exists = await session.scalar(select(CategoryTag).where((CategoryTag.code == body.code) | (CategoryTag.name == body.name)))
    if exists:
        raise Conflict("标签编码或名称已存在", code="TAG_EXISTS")
    tag = CategoryTag(code=body.code, name=body.name, first_batch=False, active=True, sort_order=100)
    session.add(tag)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="category_tag", entity_id=tag.code,
                        after={"code": tag.code, "name": tag.name})
    return TagOut.model_validate(tag, from_attributes=True)
