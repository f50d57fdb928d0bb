"""/v1/filings: prefectures file (报备) their archive and roster with the region."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from registry.deps import Ctx, PrefectureOfficer, RegionStaff, Regulator
from registry.exports.queries import survey_counts
from registry.models import Enterprise, Filing, Personnel
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import jurisdiction_filter
from servicekit.db import SessionDep, utcnow
from servicekit.errors import Conflict, NotFound

router = make_router(prefix="/v1/filings", tags=["filings"])
PERIOD = r"^20\d{2}-(0[1-9]|1[0-2])$"


class FilingIn(BaseModel):
    period: str = Field(pattern=PERIOD, description="报备期，如 2026-11")


class FilingOut(BaseModel):
    id: uuid.UUID
    prefecture_code: str
    period: str
    submitted_by: str
    submitted_at: dt.datetime
    enterprise_count: int
    director_count: int
    officer_count: int
    status: str
    review_note: str | None
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    snapshot: dict[str, Any]


class FilingStatus(BaseModel):
    prefecture_code: str
    prefecture_name: str
    filed: bool
    filing: FilingOut | None


class ReviewIn(BaseModel):
    status: Literal["acknowledged", "returned"]
    note: str | None = Field(default=None, max_length=500)


@router.post("", response_model=FilingOut, status_code=201, operation_id="filing_submit", summary="地市局报备档案和名录库")
async def filing_submit(body: FilingIn, principal: PrefectureOfficer, session: SessionDep, ctx: Ctx) -> FilingOut:
    assert principal.org_path is not None
    code = principal.org_path.rsplit("/", 1)[-1]
    open_filing = await session.scalar(select(Filing.id).where(
        Filing.prefecture_code == code, Filing.period == body.period, Filing.status != "returned"))
    if open_filing:
        raise Conflict(f"{body.period} 已报备；如需更正，请待区局退回后重新报备", code="FILING_EXISTS")
    scope = jurisdiction_filter(Enterprise.org_path, principal)
    enterprises = int(await session.scalar(select(func.count()).select_from(Enterprise).where(scope)) or 0)
    roles = dict((await session.execute(select(Personnel.role, func.count()).where(
        jurisdiction_filter(Personnel.org_path, principal), Personnel.ended_on.is_(None)).group_by(Personnel.role))).all())
    counts = await survey_counts(session, principal=principal, under_path=principal.org_path)
    filing = Filing(id=uuid.uuid4(), prefecture_code=code, org_path=principal.org_path, period=body.period,
                    submitted_by=principal.username, enterprise_count=enterprises,
                    director_count=int(roles.get("director", 0)), officer_count=int(roles.get("officer", 0)),
                    snapshot={"by_county": counts, "as_of": ctx.today.isoformat()}, status="submitted",
                    submitted_at=utcnow())
    session.add(filing)
    await session.flush()
    await record_change(session, actor=principal, action="file", entity_type="filing", entity_id=filing.id,
                        org_path=principal.org_path, after={"period": body.period, "enterprises": enterprises})
    return FilingOut.model_validate(filing, from_attributes=True)


@router.get("", response_model=list[FilingOut], operation_id="filing_list", summary="报备记录")
async def filing_list(principal: Regulator, session: SessionDep,
                      period: Annotated[str | None, Query(pattern=PERIOD)] = None) -> list[FilingOut]:
    stmt = select(Filing).where(jurisdiction_filter(Filing.org_path, principal)).order_by(Filing.submitted_at.desc())
    if period:
        stmt = stmt.where(Filing.period == period)
    return [FilingOut.model_validate(f, from_attributes=True) for f in (await session.scalars(stmt.limit(500))).all()]


@router.get("/status", response_model=list[FilingStatus], operation_id="filing_status", summary="各地市报备情况（区局）")
async def filing_status(principal: RegionStaff, session: SessionDep, ctx: Ctx,
                        period: Annotated[str, Query(pattern=PERIOD)]) -> list[FilingStatus]:
    prefectures = sorted((n for n in await ctx.directory.all() if n.level == "prefecture"), key=lambda n: n.code)
    latest: dict[str, Filing] = {}
    for f in (await session.scalars(select(Filing).where(Filing.period == period).order_by(Filing.submitted_at))).all():
        latest[f.prefecture_code] = f
    return [
        FilingStatus(prefecture_code=p.code, prefecture_name=p.name,
                     filed=p.code in latest and latest[p.code].status != "returned",
                     filing=FilingOut.model_validate(latest[p.code], from_attributes=True) if p.code in latest else None)
        for p in prefectures
    ]


@router.post("/{filing_id}/review", response_model=FilingOut, operation_id="filing_review", summary="区局确认或退回报备")
async def filing_review(filing_id: uuid.UUID, body: ReviewIn, principal: RegionStaff, session: SessionDep) -> FilingOut:
    filing = await session.get(Filing, filing_id, with_for_update=True)
    if filing is None:
        raise NotFound("报备记录不存在", code="FILING_NOT_FOUND")
    if filing.status != "submitted":
        raise Conflict("该报备已处理", code="FILING_ALREADY_REVIEWED")
    filing.status, filing.review_note = body.status, body.note
    filing.reviewed_by, filing.reviewed_at = principal.username, utcnow()
    await session.flush()
    await record_change(session, actor=principal, action=f"review_{body.status}", entity_type="filing",
                        entity_id=filing.id, org_path=filing.org_path, after=body.model_dump())
    return FilingOut.model_validate(filing, from_attributes=True)
