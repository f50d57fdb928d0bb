"""Dashboard figures (F6): precomputed per org unit, summed over a subtree on request.

Each service gives `install_dashboard()` a `compute` function that counts its figures grouped by
the org path a unit (or record) sits on — one row per (org_path, metric) with a whole number.
A job runs it at start and every `dashboard_interval_seconds` (five minutes by default, one
replica at a time) and replaces the `dash_stat` table in one transaction, so readers always see a
complete set. `GET /v1/dashboard?org=` then sums the few thousand rows under an org unit, grouped
by its next level down: the read never scans units, whatever their number (decision 0013).

Every figure is a count, so sums over a subtree are exact; rates are computed by whoever shows
them from a numerator and a denominator that are both here.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import BigInteger, Date, DateTime, Integer, SmallInteger, String, Text, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.auth import REGULATOR_ROLES, Authenticator, Principal
from servicekit.db import Base, SessionDep, TransactionalRoute, copy_rows
from servicekit.errors import InvalidInput
from servicekit.workers import PeriodicJob

log = logging.getLogger("servicekit.dashboard")

_PATH = re.compile(r"^[0-9A-Za-z-]+(/[0-9A-Za-z-]+){0,3}$")
LOCK_KEY = 7_212_025

StatRow = tuple[str, str, int]  # (org_path, metric, value)
Compute = Callable[[AsyncSession, dt.date], Awaitable[Iterable[StatRow]]]


class DashStat(Base):
    __tablename__ = "dash_stat"

    org_path: Mapped[str] = mapped_column(Text, primary_key=True)
    metric: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class DashRefresh(Base):
    __tablename__ = "dash_refresh"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    refreshed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[dt.date] = mapped_column(Date)
    duration_ms: Mapped[int] = mapped_column(Integer)
    row_count: Mapped[int] = mapped_column(Integer)


def unpivot(rows: Iterable[Any], path_key: str = "org_path") -> list[StatRow]:
    """Rows of `SELECT org_path, count(...) FILTER (...) AS metric, ...` → (path, metric, n), zeros dropped."""
    out: list[StatRow] = []
    for row in rows:
        mapping = row._mapping if hasattr(row, "_mapping") else row
        path = mapping[path_key]
        if not path:
            continue
        for key, value in mapping.items():
            if key != path_key and value:
                out.append((path, key, int(value)))
    return out


async def refresh(session: AsyncSession, compute: Compute, today: dt.date) -> dict[str, int]:
    """Recompute every figure and replace the table (the caller's transaction; readers see old or new)."""
    started = time.monotonic()
    merged: dict[tuple[str, str], int] = {}
    for path, metric, value in await compute(session, today):
        if value:
            merged[(path, metric)] = merged.get((path, metric), 0) + int(value)
    await session.execute(delete(DashStat))
    await copy_rows(session, DashStat.__table__,
                    [{"org_path": p, "metric": m, "value": v} for (p, m), v in merged.items()])
    ms = int((time.monotonic() - started) * 1000)
    stmt = insert(DashRefresh).values(id=1, refreshed_at=func.now(), as_of=today, duration_ms=ms, row_count=len(merged))
    await session.execute(stmt.on_conflict_do_update(
        index_elements=["id"], set_={"refreshed_at": func.now(), "as_of": today, "duration_ms": ms,
                                     "row_count": len(merged)}))
    return {"rows": len(merged), "duration_ms": ms}


class DashboardJob(PeriodicJob):
    """Refreshes at start and then every `interval` seconds (one replica at a time: advisory lock)."""

    name = "dashboard"

    def __init__(self, *, sessionmaker: Callable[[], async_sessionmaker[AsyncSession]], compute: Compute,
                 today: Callable[[], dt.date], interval: float = 300, poll_seconds: float = 5) -> None:
        super().__init__(interval=interval, poll_seconds=poll_seconds)
        self.sessionmaker, self.compute, self.today = sessionmaker, compute, today

    async def run_now(self) -> dict[str, int]:
        async with self.sessionmaker()() as session, session.begin():
            if not await session.scalar(select(func.pg_try_advisory_xact_lock(LOCK_KEY))):
                return {}
            counts = await refresh(session, self.compute, self.today())
        self.last_run = time.monotonic()
        log.info("dashboard figures refreshed", extra=counts)
        return counts


class ChildFigures(BaseModel):
    code: str = Field(description="下一级组织的代码")
    metrics: dict[str, int]


class DashboardOut(BaseModel):
    service: str
    org_path: str
    refreshed_at: dt.datetime | None = Field(description="数据计算时间；为空表示尚未计算")
    as_of: dt.date | None = Field(description="“截至”类数字所依据的业务日期")
    total: dict[str, int] = Field(description="本单位及全部下级之和")
    own: dict[str, int] = Field(description="直接挂在本单位或分组层级以上（不属于任何分组）的部分")
    children: list[ChildFigures] = Field(description="按下一级（或 depth 指定的层级）组织汇总；无数据的不出现")


class RefreshOut(BaseModel):
    rows: int
    duration_ms: int
    skipped: bool = False


Viewer = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES))]
Admin = Annotated[Principal, Depends(Authenticator(roles={"region_admin"}))]


def checked_path(principal: Principal, org: str | None) -> str:
    path = (org or principal.org_path or "").strip()
    if not _PATH.match(path):
        raise InvalidInput("组织路径格式不正确（如 540000/540100/540102）", code="ORG_PATH_INVALID")
    principal.ensure_covers(path)
    return path


_READ = text("""
    SELECT split_part(org_path, '/', :depth) AS child,
           metric, sum(value) AS value
    FROM dash_stat
    WHERE org_path = :org OR org_path LIKE :prefix
    GROUP BY 1, 2
""")


async def read(session: AsyncSession, service: str, path: str, depth: int | None = None) -> DashboardOut:
    """Figures under `path`, grouped by the org code at `depth` (1 region … 4 station; default the next level)."""
    own_depth = path.count("/") + 1
    depth = own_depth + 1 if depth is None else depth
    if not own_depth < depth <= 4:
        raise InvalidInput("分组层级须低于所选单位（2 地市、3 县区、4 所）", code="DASHBOARD_DEPTH_INVALID")
    rows = (await session.execute(_READ, {"org": path, "prefix": path + "/%", "depth": depth})).all()
    total: dict[str, int] = {}
    own: dict[str, int] = {}
    children: dict[str, dict[str, int]] = {}
    for child, metric, value in rows:
        n = int(value)
        total[metric] = total.get(metric, 0) + n
        target = own if child == "" else children.setdefault(child, {})
        target[metric] = n
    meta = await session.get(DashRefresh, 1)
    return DashboardOut(service=service, org_path=path, refreshed_at=meta.refreshed_at if meta else None,
                        as_of=meta.as_of if meta else None, total=total, own=own,
                        children=[ChildFigures(code=c, metrics=m) for c, m in sorted(children.items())])


def make_dashboard_router(service: str) -> APIRouter:
    router = APIRouter(route_class=TransactionalRoute, tags=["dashboard"])

    @router.get("/v1/dashboard", response_model=DashboardOut, operation_id=f"{service}_dashboard",
                summary="首页看板数字（本辖区任一单位，按下一级汇总）")
    async def dashboard(principal: Viewer, session: SessionDep,
                        org: Annotated[str | None, Query(max_length=200, description="组织路径，默认本单位")] = None,
                        depth: Annotated[int | None, Query(ge=2, le=4, description="按哪一级汇总：2 地市、3 县区、4 所；默认下一级")] = None,
                        ) -> DashboardOut:
        return await read(session, service, checked_path(principal, org), depth)

    @router.post("/v1/dashboard/refresh", response_model=RefreshOut, operation_id=f"{service}_dashboard_refresh",
                 summary="立即重新计算看板数字（自治区管理员；距上次计算不足 DASHBOARD_MIN_REFRESH_SECONDS 秒时沿用上次结果）")
    async def dashboard_refresh(request: Request, _: Admin) -> RefreshOut:
        job: DashboardJob = request.app.state.dashboard_job
        guard = request.app.state.settings.dashboard_min_refresh_seconds
        if job.last_run is not None and time.monotonic() - job.last_run < guard:
            return RefreshOut(rows=0, duration_ms=0, skipped=True)
        counts = await job.run_now()
        return RefreshOut(rows=counts.get("rows", 0), duration_ms=counts.get("duration_ms", 0), skipped=not counts)

    @router.post("/internal/dashboard/refresh", response_model=RefreshOut, operation_id=f"{service}_dashboard_run",
                 summary="立即重新计算看板数字（运维与测试；服务令牌）")
    async def dashboard_run(request: Request,
                            _: Annotated[Principal, Depends(Authenticator(service_only=True))]) -> RefreshOut:
        job: DashboardJob = request.app.state.dashboard_job
        counts = await job.run_now()
        return RefreshOut(rows=counts.get("rows", 0), duration_ms=counts.get("duration_ms", 0), skipped=not counts)

    return router


def install_dashboard(app: FastAPI, compute: Compute) -> DashboardJob:
    """The job (create_service_app starts it unless DASHBOARD_ENABLED=false) and the routes."""
    settings = app.state.settings
    job = DashboardJob(sessionmaker=lambda: app.state.sessionmaker, compute=compute, today=lambda: app.state.today(),
                       interval=settings.dashboard_interval_seconds)
    app.state.dashboard_job = job
    app.include_router(make_dashboard_router(settings.service_name))
    return job
