"""The dashboard of one org unit: the four services' figures for it and its next level down,
fetched concurrently with the caller's own token (so each service checks role and jurisdiction
itself), laid out as the catalogue says, with the plan's goals and the headline cards.

A service that does not answer leaves its tables marked unavailable; the rest still shows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import aiohttp
from sqlalchemy import Text, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.dashboard.catalogue import (
    CARDS,
    GOALS,
    MET_AT,
    ON_TRACK_AT,
    SERVICE_LABELS,
    SERVICES,
    STATUS_LABELS,
    TABLES,
    TABLES_BY_KEY,
    Col,
)
from gateway.dashboard.schemas import (
    CardOut,
    ColumnOut,
    GoalOut,
    OrgRef,
    OverviewOut,
    RowOut,
    SourceOut,
    TableOut,
)
from servicekit.auth import Principal
from servicekit.errors import NotFound
from servicekit.observability import REQUEST_ID_HEADER, current_request_id

log = logging.getLogger("gateway.dashboard")

Metrics = dict[str, int]
LEVEL_LABELS = {"region": "自治区", "prefecture": "地（市）", "county": "县（区）", "station": "所（分局）"}
LEVEL_DEPTH = {"region": 1, "prefecture": 2, "county": 3, "station": 4}
OWN_CODE = "__own__"


@dataclass
class Source:
    service: str
    ok: bool
    data: dict[str, Any] | None = None
    error: str | None = None

    # read-only views of the answer, made once (every table and goal reads them)
    @cached_property
    def total(self) -> Metrics:
        return dict(self.data["total"]) if self.data else {}

    @cached_property
    def own(self) -> Metrics:
        return dict(self.data["own"]) if self.data else {}

    @cached_property
    def _children(self) -> dict[str, Metrics]:
        return {c["code"]: dict(c["metrics"]) for c in self.data["children"]} if self.data else {}

    def child(self, code: str) -> Metrics:
        return self._children.get(code, {})


def value_of(metrics: Metrics, expr: str) -> int:
    return sum(int(metrics.get(k, 0)) for k in expr.split("+"))


def cell(col: Col, metrics: Metrics) -> float | int | None:
    if col.kind == "rate":
        assert col.num and col.den
        den = value_of(metrics, col.den)
        return round(value_of(metrics, col.num) / den, 4) if den else None
    return int(metrics.get(col.key, 0))


async def fetch(http: aiohttp.ClientSession, base: str, service: str, authorization: str, org_path: str,
                depth: int | None = None, wait_seconds: float = 5.0) -> Source:
    params = {"org": org_path} | ({"depth": str(depth)} if depth else {})
    headers = {"Authorization": authorization, REQUEST_ID_HEADER: current_request_id() or ""}
    try:
        async with http.get(f"{base}/v1/dashboard", params=params, headers=headers,
                            timeout=aiohttp.ClientTimeout(total=wait_seconds)) as resp:
            body = await resp.json(content_type=None)
            if resp.status != 200:
                detail = body.get("detail") if isinstance(body, dict) else None
                return Source(service, False, error=detail or f"HTTP {resp.status}")
            return Source(service, True, data=body)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        log.warning("dashboard source unavailable", extra={"service": service, "error": repr(exc)})
        return Source(service, False, error=f"{SERVICE_LABELS[service]}服务暂不可用")


@dataclass(frozen=True)
class Org:
    """An org unit as the dashboard shows it."""

    id: uuid.UUID
    code: str
    name: str
    short_name: str | None
    level: str
    path: str
    parent_id: uuid.UUID | None
    sort_order: int


# The org unit (active), the breadcrumb down to it, its active units one level down, and the number of
# active counties in it (the 2023 goal's denominator): one round trip, a plain statement (no ORM).
_ORG_CONTEXT = text("""
    WITH org AS (SELECT id, path FROM org_unit WHERE path = :path AND is_active)
    SELECT u.id, u.code, u.name, u.short_name, u.level, u.path, u.parent_id, u.sort_order,
           (SELECT count(*) FROM org_unit c
            WHERE c.level = 'county' AND c.is_active AND c.path LIKE (SELECT path FROM org) || '/%') AS counties
    FROM org_unit u
    WHERE EXISTS (SELECT 1 FROM org)
      AND (u.path = ANY(:trail) OR (u.parent_id = (SELECT id FROM org) AND u.is_active))
""").bindparams(bindparam("trail", type_=ARRAY(Text)))


@dataclass
class OrgContext:
    org: Org
    trail: list[Org]  # from the region down to `org` (the caller sees the part it covers)
    children: list[Org]
    counties: int


async def org_context(session: AsyncSession, path: str) -> OrgContext:
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    rows = (await session.execute(_ORG_CONTEXT, {"path": path, "trail": prefixes})).all()
    units = [Org(id=r.id, code=r.code, name=r.name, short_name=r.short_name, level=r.level, path=r.path,
                 parent_id=r.parent_id, sort_order=r.sort_order) for r in rows]
    org = next((u for u in units if u.path == path), None)
    if org is None:
        raise NotFound("组织机构不存在", code="ORG_UNIT_NOT_FOUND")
    return OrgContext(org=org, trail=sorted((u for u in units if u.path in prefixes), key=lambda u: u.path),
                      children=sorted((u for u in units if u.parent_id == org.id), key=lambda u: (u.sort_order, u.code)),
                      counties=1 if org.level == "county" else int(rows[0].counties))


def ref(u: Org) -> OrgRef:
    return OrgRef(code=u.code, name=u.name, short_name=u.short_name or u.name, level=u.level, level_label=LEVEL_LABELS.get(u.level, u.level), path=u.path)


def build_table(table_key: str, source: Source, children: list[Org]) -> TableOut:
    t = TABLES_BY_KEY[table_key]
    rows: list[RowOut] = []
    for c in children:
        metrics = source.child(c.code)
        rows.append(RowOut(code=c.code, name=c.short_name or c.name, level=c.level, path=c.path, kind="child",
                           drillable=c.level != "station",
                           values={col.key: cell(col, metrics) for col in t.columns} if source.ok else {}))
    own = source.own
    if own and source.ok:
        rows.append(RowOut(code=OWN_CODE, name="本级直管", level=None, path=None, kind="own", drillable=False,
                           values={col.key: cell(col, own) for col in t.columns}))
    total = RowOut(code="__total__", name="合计", level=None, path=None, kind="total", drillable=False,
                   values={col.key: cell(col, source.total) for col in t.columns} if source.ok else {})
    return TableOut(key=t.key, title=t.title, service=t.service, service_label=SERVICE_LABELS[t.service],
                    note=t.note, available=source.ok, error=source.error,
                    columns=[ColumnOut(key=c.key, label=c.label, definition=c.definition, kind=c.kind, bad=c.bad)
                             for c in t.columns],
                    rows=rows, total=total)


def goal_status(value: float | None) -> str:
    if value is None:
        return "no_data"
    if value >= MET_AT:
        return "met"
    return "on_track" if value >= ON_TRACK_AT else "behind"


def build_goals(sources: dict[str, Source], counties: int, counties_with_archive: int | None) -> list[GoalOut]:
    out: list[GoalOut] = []
    for g in GOALS:
        src = sources[g.service]
        if not src.ok:
            num: int | None = None
            den: int | None = None
        elif g.key == "archives_built":
            num, den = counties_with_archive, counties
        else:
            num, den = value_of(src.total, g.num), value_of(src.total, g.den)
        value = round(num / den, 4) if num is not None and den else None
        extra: dict[str, int] = {}
        if src.ok and g.key == "all_recorded":
            extra["建档超期"] = int(src.total.get("archives_overdue", 0))
        if src.ok and g.key == "risks_handled":
            extra["逾期未改"] = int(src.total.get("rectifications_overdue", 0))
        if src.ok and g.key == "high_risk_watched":
            extra["半年检查逾期"] = int(src.total.get("high_risk_visit_overdue", 0))
        status = goal_status(value)
        out.append(GoalOut(key=g.key, year=g.year, stage=g.stage, text=g.text, label=g.label, definition=g.definition,
                           numerator=num, denominator=den, value=value, status=status,
                           status_label=STATUS_LABELS[status], extra=extra))
    return out


def build_cards(tables: dict[str, TableOut]) -> list[CardOut]:
    out = []
    for c in CARDS:
        t = tables[c.table]
        col = next(x for x in t.columns if x.key == c.column)
        sub = tables[c.sub_table] if c.sub_table else None
        out.append(CardOut(key=c.key, label=c.label, kind=col.kind, definition=col.definition,
                           value=t.total.values.get(c.column) if t.available else None,
                           sub_label=c.sub_label,
                           sub_kind=next((x.kind for x in sub.columns if x.key == c.sub_column), "count") if sub else "count",
                           sub_value=sub.total.values.get(c.sub_column) if sub and sub.available and c.sub_column else None,
                           available=t.available))
    return out


async def overview(*, session: AsyncSession, http: aiohttp.ClientSession, upstreams: dict[str, str],
                   principal: Principal, authorization: str, org_path: str, wait_seconds: float) -> OverviewOut:
    principal.ensure_covers(org_path)
    ctx = await org_context(session, org_path)
    org, children = ctx.org, ctx.children
    depth = LEVEL_DEPTH.get(org.level, org_path.count("/") + 1)
    calls = [fetch(http, upstreams[s], s, authorization, org_path, wait_seconds=wait_seconds) for s in SERVICES]
    if depth == 1:  # the 2023 goal counts counties with an archive; below a prefecture they are its children
        calls.append(fetch(http, upstreams["registry"], "registry", authorization, org_path, depth=3, wait_seconds=wait_seconds))
    got = await asyncio.gather(*calls)
    sources = dict(zip(SERVICES, got[:4], strict=True))
    with_archive: int | None = None
    if sources["registry"].ok:
        if depth <= 2:
            by_county = got[4] if depth == 1 else sources["registry"]
            with_archive = sum(1 for c in (by_county.data or {}).get("children", [])
                               if c["metrics"].get("units_total", 0) > 0) if by_county.ok else None
        else:
            with_archive = 1 if sources["registry"].total.get("units_total", 0) > 0 else 0

    tables = {t.key: build_table(t.key, sources[t.service], children) for t in TABLES}
    stamps = [s.data.get("refreshed_at") for s in sources.values() if s.ok and s.data and s.data.get("refreshed_at")]
    as_ofs = [s.data.get("as_of") for s in sources.values() if s.ok and s.data and s.data.get("as_of")]
    return OverviewOut(
        org=ref(org), trail=[ref(u) for u in ctx.trail if principal.covers(u.path)],
        children_level=children[0].level if children else None,
        generated_at=dt.datetime.now(dt.UTC),
        refreshed_at=min(stamps) if stamps else None,
        as_of=max(as_ofs) if as_ofs else None,
        goals=build_goals(sources, ctx.counties, with_archive),
        cards=build_cards(tables),
        tables=list(tables.values()),
        sources=[SourceOut(service=s.service, label=SERVICE_LABELS[s.service], ok=s.ok,
                           refreshed_at=(s.data or {}).get("refreshed_at"), as_of=(s.data or {}).get("as_of"),
                           error=s.error) for s in sources.values()],
    )
