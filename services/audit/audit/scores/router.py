"""/v1/scores: 考核加分、扣分 of lower bureaus per period, with reasons; rankings with ties
(competition ranking: 1, 2, 2, 4) and their xlsx export."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import Query, Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.deps import Bureau, OrgsDep, Regulator, known_org, own_org, subordinate
from audit.models import Audit, FollowUp, ScoreEntry
from audit.national.queue import queue_push
from audit.periods import score_period, score_period_label
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.db import SessionDep, utcnow
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.orgs import OrgDirectory
from servicekit.pagination import Page, PageDep, paginate
from servicekit.xlsx import XlsxStream, xlsx_response

router = make_router(prefix="/v1", tags=["scores"])


class ScoreIn(BaseModel):
    id: uuid.UUID | None = Field(default=None, description="客户端生成的编号：重复提交（如连点两次）只记一条")
    org_code: str = Field(min_length=6, max_length=20, description="被考核的直属下级市场监管部门")
    period: str = Field(min_length=4, max_length=10, description="考核期：2026 / 2026-H1 / 2026-Q3")
    points: Decimal = Field(ge=Decimal("-100"), le=Decimal("100"), decimal_places=1,
                            description="分值，加分为正、扣分为负，保留一位小数")
    reason: str = Field(min_length=4, max_length=2000, description="加分或扣分理由")
    source_kind: Literal["manual", "audit", "followup"] = "manual"
    source_id: uuid.UUID | None = Field(default=None, description="依据的督查记录或督办文书")


class RevokeIn(BaseModel):
    reason: str = Field(min_length=2, max_length=1000)


class ScoreOut(BaseModel):
    id: uuid.UUID
    org_code: str
    org_name: str
    period: str
    period_label: str
    points: Decimal
    reason: str
    source_kind: str
    source_id: str | None
    created_by: str
    created_at: dt.datetime
    revoked: bool
    revoked_at: dt.datetime | None
    revoked_by: str | None
    revoke_reason: str | None


class RankRow(BaseModel):
    rank: int
    tied: bool = Field(description="与其他单位并列")
    org_code: str
    org_name: str
    added: Decimal
    deducted: Decimal
    total: Decimal
    entries: int


class Ranking(BaseModel):
    parent_code: str
    parent_name: str
    period: str
    period_label: str
    rows: list[RankRow]


def _out(e: ScoreEntry) -> ScoreOut:
    return ScoreOut(id=e.id, org_code=e.org_code, org_name=e.org_name, period=e.period,
                    period_label=score_period_label(e.period), points=e.points, reason=e.reason,
                    source_kind=e.source_kind, source_id=e.source_id, created_by=e.created_by, created_at=e.created_at,
                    revoked=e.revoked_at is not None, revoked_at=e.revoked_at, revoked_by=e.revoked_by,
                    revoke_reason=e.revoke_reason)


async def _push(session: AsyncSession, e: ScoreEntry) -> None:
    await queue_push(session, record_type="score", record_id=e.id, version=e.version, org_code=e.giver_code,
                     org_path=e.giver_path, summary=f"{e.org_name} {e.period} {'+' if e.points > 0 else ''}{e.points}",
                     occurred_at=utcnow().isoformat(),
                     data={"org_code": e.org_code, "org_name": e.org_name, "period": e.period, "points": str(e.points),
                           "reason": e.reason, "revoked": e.revoked_at is not None})


@router.post("/scores", response_model=ScoreOut, status_code=201, operation_id="score_add",
             summary="对直属下级考核加分或扣分（须写明理由）")
async def score_add(body: ScoreIn, principal: Bureau, session: SessionDep, orgs: OrgsDep,
                    response: Response) -> ScoreOut:
    if body.id is not None and (same := await session.get(ScoreEntry, body.id)) is not None:
        if same.created_by != principal.username:
            raise Conflict("该编号已被使用", code="SCORE_ID_TAKEN")
        response.status_code = 200
        return _out(same)
    giver, org = await subordinate(orgs, principal, body.org_code)
    period = score_period(body.period)
    if body.points == 0:
        raise InvalidInput("分值不能为 0", code="SCORE_ZERO")
    if body.source_kind != "manual":
        if body.source_id is None:
            raise InvalidInput("请选择依据的督查记录或督办文书", code="SCORE_SOURCE_REQUIRED")
        model = Audit if body.source_kind == "audit" else FollowUp
        src = await session.get(model, body.source_id)
        if src is None or src.target_code != org.code:
            raise InvalidInput("依据的记录不存在或不是对该单位的", code="SCORE_SOURCE_UNKNOWN")
        if isinstance(src, Audit) and src.status != "submitted":
            raise InvalidInput("依据的督查记录尚未提交", code="SCORE_SOURCE_DRAFT")
    e = ScoreEntry(id=body.id or uuid.uuid4(), org_code=org.code, org_path=org.path, org_name=org.name, giver_code=giver.code,
                   giver_path=giver.path, period=period, points=body.points, reason=body.reason.strip(),
                   source_kind=body.source_kind, source_id=str(body.source_id) if body.source_id else None,
                   version=1, created_by=principal.username)
    session.add(e)
    await session.flush()
    await session.refresh(e)
    await record_change(session, actor=principal, action="create", entity_type="score_entry", entity_id=e.id,
                        after={"org": org.code, "period": period, "points": body.points, "reason": e.reason},
                        org_path=org.path)
    await _push(session, e)
    return _out(e)


@router.post("/scores/{score_id}/revoke", response_model=ScoreOut, operation_id="score_revoke",
             summary="撤销一条加减分（保留记录）")
async def score_revoke(score_id: uuid.UUID, body: RevokeIn, principal: Bureau, session: SessionDep) -> ScoreOut:
    e = await session.scalar(select(ScoreEntry).where(ScoreEntry.id == score_id).with_for_update())
    if e is None or not principal.covers(e.org_path):
        raise NotFound("未找到该加减分记录", code="SCORE_NOT_FOUND")
    if principal.org_path != e.giver_path:
        raise Forbidden("只有给分单位可以撤销", code="SCORE_NOT_GIVER")
    if e.revoked_at is not None:
        raise Conflict("该记录已撤销", code="SCORE_REVOKED")
    e.revoked_at, e.revoked_by, e.revoke_reason, e.version = utcnow(), principal.username, body.reason, e.version + 1
    await record_change(session, actor=principal, action="revoke", entity_type="score_entry", entity_id=e.id,
                        after={"revoked": True}, org_path=e.org_path, reason=body.reason)
    await _push(session, e)
    return _out(e)


@router.get("/scores", response_model=Page[ScoreOut], operation_id="score_list", summary="加减分明细（本辖区）")
async def score_list(principal: Regulator, session: SessionDep, page: PageDep,
                     period: Annotated[str | None, Query(max_length=10)] = None,
                     org_code: Annotated[str | None, Query(max_length=20)] = None,
                     include_revoked: bool = True) -> Page[ScoreOut]:
    stmt = select(ScoreEntry).where(jurisdiction_filter(ScoreEntry.org_path, principal))
    if period:
        stmt = stmt.where(ScoreEntry.period == score_period(period))
    if org_code:
        stmt = stmt.where(ScoreEntry.org_code == org_code)
    if not include_revoked:
        stmt = stmt.where(ScoreEntry.revoked_at.is_(None))
    rows, total = await paginate(session, stmt.order_by(ScoreEntry.created_at.desc()), page)
    return Page(items=[_out(r[0]) for r in rows], total=total, page=page.page, size=page.size)


async def ranking(session: AsyncSession, orgs: OrgDirectory, principal: Principal, period: str,
                  parent_code: str | None) -> Ranking:
    period = score_period(period)
    parent = await known_org(orgs, parent_code) if parent_code else await own_org(orgs, principal)
    if parent.level == "station":
        raise InvalidInput("市场监管所没有下级单位可排名", code="RANKING_NO_CHILDREN")
    principal.ensure_covers(parent.path)  # a bureau ranks its own subordinates, not its peers
    children = sorted([n for n in await orgs.all() if n.parent_code == parent.code], key=lambda n: n.code)
    sums = {r[0]: r for r in (await session.execute(select(
        ScoreEntry.org_code, func.coalesce(func.sum(ScoreEntry.points).filter(ScoreEntry.points > 0), 0),
        func.coalesce(func.sum(ScoreEntry.points).filter(ScoreEntry.points < 0), 0), func.count(),
    ).where(ScoreEntry.giver_code == parent.code, ScoreEntry.period == period, ScoreEntry.revoked_at.is_(None))
        .group_by(ScoreEntry.org_code))).all()}
    rows = []
    for n in children:
        s = sums.get(n.code)
        added, deducted = (Decimal(s[1]), Decimal(s[2])) if s else (Decimal(0), Decimal(0))
        rows.append(RankRow(rank=0, tied=False, org_code=n.code, org_name=n.name, added=added, deducted=deducted,
                            total=added + deducted, entries=int(s[3]) if s else 0))
    rows.sort(key=lambda r: (-r.total, r.org_code))
    for i, r in enumerate(rows):
        r.rank = rows[i - 1].rank if i and rows[i - 1].total == r.total else i + 1
    totals = [r.total for r in rows]
    for r in rows:
        r.tied = totals.count(r.total) > 1
    return Ranking(parent_code=parent.code, parent_name=parent.name, period=period,
                   period_label=score_period_label(period), rows=rows)


@router.get("/scores/ranking", response_model=Ranking, operation_id="score_ranking",
            summary="考核排名：某单位的直属下级按总分排名（并列同名次）")
async def score_ranking(principal: Regulator, session: SessionDep, orgs: OrgsDep,
                        period: Annotated[str, Query(max_length=10)],
                        parent_code: Annotated[str | None, Query(max_length=20, description="默认本单位")] = None) -> Ranking:
    return await ranking(session, orgs, principal, period, parent_code)


@router.get("/scores/ranking.xlsx", operation_id="score_ranking_export", summary="导出考核排名和加减分明细（xlsx）",
            response_class=Response,
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}})
async def score_ranking_export(principal: Regulator, session: SessionDep, orgs: OrgsDep,
                               period: Annotated[str, Query(max_length=10)],
                               parent_code: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    r = await ranking(session, orgs, principal, period, parent_code)
    book = XlsxStream()
    ws, row = book.sheet("排名", ["名次", "单位", "加分", "扣分", "总分", "加减分条数"], [8, 34, 10, 10, 10, 12],
                         title=f"{r.parent_name}对下级考核排名（{r.period_label}）")
    for x in r.rows:
        book.write_row(ws, row, [f"{x.rank}{'（并列）' if x.tied else ''}", x.org_name, float(x.added),
                                 float(x.deducted), float(x.total), x.entries])
        row += 1
    ws2, row2 = book.sheet("明细", ["单位", "分值", "理由", "依据", "登记人", "登记时间", "状态"], [30, 8, 60, 12, 14, 20, 20])
    entries = (await session.scalars(select(ScoreEntry).where(
        ScoreEntry.giver_code == r.parent_code, ScoreEntry.period == r.period).order_by(ScoreEntry.org_code,
                                                                                         ScoreEntry.created_at))).all()
    kinds = {"manual": "直接登记", "audit": "督查记录", "followup": "督办文书"}
    for e in entries:
        book.write_row(ws2, row2, [e.org_name, float(e.points), e.reason, kinds[e.source_kind], e.created_by,
                                   e.created_at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M"),
                                   f"已撤销：{e.revoke_reason}" if e.revoked_at else "有效"])
        row2 += 1
    return xlsx_response(book.finish(), f"考核排名-{r.parent_name}-{r.period}.xlsx")


