"""/v1/category-lists: yearly lists of key (重点) and special (特别) supervision units, producers and
sellers apart (seed 二（六）), as a live preview until an org unit freezes its list for the year;
a frozen list keeps each unit's reason as it stood and is exportable as xlsx."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import Path, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from grading.context import Ctx
from grading.deps import Decider, Regulator
from grading.labels import CATEGORY_LABELS, LIST_GROUPS
from grading.models import CategoryList, CategoryListEntry, Unit, UnitGrade
from grading.units.evaluate import category_of
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep
from servicekit.errors import Conflict, InvalidInput
from servicekit.outbox import emit
from servicekit.xlsx import XLSX, XlsxStream, xlsx_response

router = make_router(prefix="/v1/category-lists", tags=["category-lists"])
Year = Annotated[int, Path(ge=2023, le=2100, description="年度")]


class ListEntry(BaseModel):
    enterprise_id: uuid.UUID
    name: str
    credit_code: str
    org_path: str
    grade: str | None
    supervising_org_code: str | None
    supervising_org_name: str | None = None
    reason: str


class CategoryListOut(BaseModel):
    year: int
    org_code: str
    org_name: str | None
    frozen: bool
    frozen_at: dt.datetime | None
    frozen_by: str | None
    as_of: dt.date
    note: str | None
    key: dict[str, list[ListEntry]] = Field(description="重点监管名单：producer 生产单位、seller 销售单位")
    special: dict[str, list[ListEntry]] = Field(description="特别监管名单")


class FreezeIn(BaseModel):
    note: str | None = Field(default=None, max_length=1000)


def _groups(unit_types: list[str]) -> list[str]:
    out = []
    if "production" in unit_types:
        out.append("producer")
    if "wholesale" in unit_types or "retail" in unit_types:
        out.append("seller")
    return out


def _reason(u: Unit) -> str:
    if u.category_override:
        return f"人工调整：{u.category_override_reason or ''}"
    return category_of(u.major_risks, u.larger_risks, u.credit_risk_class)[1]


async def _live(session: SessionDep, path: str) -> list[tuple[str, str, ListEntry]]:
    rows = (await session.scalars(select(Unit).join(Unit.result).options(contains_eager(Unit.result)).where(
        (Unit.org_path == path) | Unit.org_path.like(path + "/%"), Unit.active.is_(True),
        UnitGrade.category != "routine").order_by(Unit.name))).all()
    out = []
    for u in rows:
        entry = ListEntry(enterprise_id=u.enterprise_id, name=u.name, credit_code=u.credit_code, org_path=u.org_path,
                          grade=u.grade, supervising_org_code=u.supervising_org_code, reason=_reason(u))
        for grp in _groups(list(u.unit_types)):
            out.append((u.category, grp, entry))
    return out


async def _build(session: SessionDep, ctx: Ctx, principal: object, year: int, org: str | None) -> CategoryListOut:
    node = await ctx.org(org, principal)  # type: ignore[arg-type]
    frozen = await session.scalar(select(CategoryList).where(CategoryList.year == year,
                                                             CategoryList.org_code == node.code))
    if frozen is not None:
        rows = (await session.scalars(select(CategoryListEntry).where(CategoryListEntry.list_id == frozen.id)
                                      .order_by(CategoryListEntry.id))).all()
        entries = [(r.category, r.grp, ListEntry(enterprise_id=r.enterprise_id, name=r.name, credit_code=r.credit_code,
                                                 org_path=r.org_path, grade=r.grade,
                                                 supervising_org_code=r.supervising_org_code, reason=r.reason))
                   for r in rows]
    else:
        entries = await _live(session, node.path)
    names = await ctx.names()
    for _, _, e in entries:
        e.supervising_org_name = names.get(e.supervising_org_code or "")
    key: dict[str, list[ListEntry]] = {"producer": [], "seller": []}
    special: dict[str, list[ListEntry]] = {"producer": [], "seller": []}
    for cat, grp, e in entries:
        (key if cat == "key" else special)[grp].append(e)
    return CategoryListOut(year=year, org_code=node.code, org_name=node.name, frozen=frozen is not None,
                           frozen_at=frozen.frozen_at if frozen else None, frozen_by=frozen.frozen_by if frozen else None,
                           as_of=frozen.as_of if frozen else ctx.today, note=frozen.note if frozen else None,
                           key=key, special=special)


@router.get("/{year}", response_model=CategoryListOut, operation_id="category_list_get",
            summary="某年度重点、特别监管名单（未冻结时为实时预览）")
async def category_list_get(year: Year, principal: Regulator, session: SessionDep, ctx: Ctx,
                            org: Annotated[str | None, Query(max_length=20)] = None) -> CategoryListOut:
    return await _build(session, ctx, principal, year, org)


@router.post("/{year}/freeze", response_model=CategoryListOut, operation_id="category_list_freeze",
             summary="冻结本单位某年度重点、特别监管名单")
async def category_list_freeze(year: Year, body: FreezeIn, principal: Decider, session: SessionDep,
                               ctx: Ctx) -> CategoryListOut:
    node = await ctx.org(None, principal)
    if year > ctx.today.year:
        raise InvalidInput("不能冻结未来年度的名单", code="LIST_YEAR_FUTURE")
    if await session.scalar(select(CategoryList.id).where(CategoryList.year == year, CategoryList.org_code == node.code)):
        raise Conflict(f"{year} 年度名单已冻结，不能再次冻结", code="LIST_ALREADY_FROZEN")
    lst = CategoryList(id=uuid.uuid4(), year=year, org_code=node.code, org_path=node.path, as_of=ctx.today,
                       frozen_by=principal.username, note=body.note)
    session.add(lst)
    await session.flush()
    entries = await _live(session, node.path)
    for cat, grp, e in entries:
        session.add(CategoryListEntry(list_id=lst.id, category=cat, grp=grp, enterprise_id=e.enterprise_id, name=e.name,
                                      credit_code=e.credit_code, org_path=e.org_path, grade=e.grade,
                                      supervising_org_code=e.supervising_org_code, reason=e.reason))
    await session.flush()
    await record_change(session, actor=principal, action="freeze", entity_type="category_list", entity_id=lst.id,
                        after={"year": year, "org_code": node.code, "entries": len(entries)}, org_path=node.path,
                        reason=body.note)
    await emit(session, "category_list.frozen", {"id": str(lst.id), "year": year, "org_code": node.code,
                                                 "entries": len(entries)}, org_path=node.path)
    return await _build(session, ctx, principal, year, None)


@router.get("/{year}/export", operation_id="category_list_export", summary="导出年度重点、特别监管名单（xlsx）",
            response_class=Response, responses={200: {"content": {XLSX: {}}}})
async def category_list_export(year: Year, principal: Regulator, session: SessionDep, ctx: Ctx,
                               org: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    data = await _build(session, ctx, principal, year, org)
    names = await ctx.names()
    book = XlsxStream()
    state = f"已于 {data.frozen_at:%Y-%m-%d} 冻结" if data.frozen_at else f"实时预览（截至 {data.as_of}，尚未冻结）"
    headers = ["序号", "单位名称", "统一社会信用代码", "等级", "直接监管单位", "列入理由"]
    for cat, lists in (("key", data.key), ("special", data.special)):
        for grp in ("producer", "seller"):
            title = f"{data.org_name or data.org_code} {year}年度{CATEGORY_LABELS[cat]}{LIST_GROUPS[grp]}名单（{state}）"
            ws, row = book.sheet(f"{CATEGORY_LABELS[cat][:4]}-{LIST_GROUPS[grp]}", headers, [6, 36, 22, 6, 26, 60],
                                 title=title)
            for i, e in enumerate(lists[grp], start=1):
                book.write_row(ws, row, [i, e.name, e.credit_code, e.grade or "待定",
                                         names.get(e.supervising_org_code or "", e.supervising_org_code), e.reason])
                row += 1
    await record_change(session, actor=principal, action="export", entity_type="category_list", entity_id=str(year),
                        org_path=principal.org_path, after={"year": year, "org_code": data.org_code})
    return xlsx_response(book.finish(), f"{year}年度重点特别监管名单-{data.org_name or data.org_code}.xlsx")
