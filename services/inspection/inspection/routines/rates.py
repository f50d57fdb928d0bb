"""Reporting rates of the routine filings, in the manner of DHIS2's reporting rate summary:
expected (the periods each unit owes), actual (filed), on time (filed by the due day).

Expected periods come from `periods.expected_periods` over the mirrored working-day calendar; a
unit owes the periods that start on or after it was archived, once their due day has passed. A
period counts as filed when its first revision was submitted; its timeliness is that first
submission's. Figures are grouped under any org unit by its next level down (region → prefecture →
county → station) or by unit, so a regulator drills down from the region to one unit's calendar.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.routines.periods import expected_periods
from servicekit.workdays import WorkCalendar

_UNITS = """
    u AS MATERIALIZED (
        SELECT enterprise_id, name, credit_code, org_path, coalesce(archived_on, first_seen) AS since,
               {group} AS grp
        FROM unit_ref
        WHERE active AND (org_path = :org OR org_path LIKE :org_prefix){extra}
    )"""

_RATES = """
    WITH p AS MATERIALIZED (
        SELECT * FROM unnest(CAST(:starts AS date[]), CAST(:dues AS date[])) AS p(period_start, due_on)
    ),
    {units},
    exp AS (
        SELECT g.grp, sum(g.n) AS units, sum(g.n * (SELECT count(*) FROM p WHERE p.period_start >= g.since)) AS expected
        FROM (SELECT grp, since, count(*) AS n FROM u GROUP BY grp, since) g
        GROUP BY g.grp
    ),
    act AS (
        SELECT u.grp, count(*) AS actual, count(*) FILTER (WHERE r.on_time) AS on_time
        FROM routine_record r
        JOIN p ON p.period_start = r.period_start
        JOIN u ON u.enterprise_id = r.enterprise_id AND r.period_start >= u.since
        WHERE r.kind = :kind AND r.revision = 1 AND r.submitted_at IS NOT NULL
        GROUP BY u.grp
    )
    SELECT exp.grp, exp.units, exp.expected, coalesce(act.actual, 0) AS actual, coalesce(act.on_time, 0) AS on_time
    FROM exp LEFT JOIN act ON act.grp = exp.grp
    ORDER BY exp.grp
""".replace("{units}", _UNITS)


def child_expr(org_path: str) -> str:
    """The code of the next level below `org_path` on a unit's path ('' when directly under it)."""
    depth = org_path.count("/") + 1
    return f"split_part(org_path, '/', {depth + 1})"


def _sql(group: str, extra: str = "") -> Any:
    return text(_RATES.replace("{group}", group).replace("{extra}", extra))


def counted_periods(kind: str, first: dt.date, last: dt.date, today: dt.date,
                    cal: WorkCalendar) -> list[tuple[dt.date, dt.date, dt.date]]:
    """Expected periods in [first, last] whose due day has passed."""
    return [p for p in expected_periods(kind, first, last, cal) if p[2] < today]


def _params(org_path: str, periods: list[tuple[dt.date, dt.date, dt.date]], kind: str) -> dict[str, Any]:
    return {"org": org_path, "org_prefix": org_path + "/%", "kind": kind,
            "starts": [p[0] for p in periods], "dues": [p[2] for p in periods]}


async def rates(session: AsyncSession, *, kind: str, org_path: str, periods: list[tuple[dt.date, dt.date, dt.date]],
                by_unit: bool, enterprise_id: uuid.UUID | None = None) -> list[dict[str, Any]]:
    group = "enterprise_id::text" if by_unit else child_expr(org_path)
    extra = " AND enterprise_id = CAST(:eid AS uuid)" if enterprise_id else ""
    params = _params(org_path, periods, kind) | ({"eid": str(enterprise_id)} if enterprise_id else {})
    rows = (await session.execute(_sql(group, extra), params)).mappings().all()
    return [dict(r) for r in rows]


_BY_PERIOD = text("""
    WITH p AS MATERIALIZED (
        SELECT * FROM unnest(CAST(:starts AS date[]), CAST(:dues AS date[])) AS p(period_start, due_on)
    ),
    u AS MATERIALIZED (
        SELECT enterprise_id, coalesce(archived_on, first_seen) AS since FROM unit_ref
        WHERE active AND (org_path = :org OR org_path LIKE :org_prefix)
    ),
    us AS (SELECT since, count(*) AS n FROM u GROUP BY since),
    exp AS (SELECT p.period_start, coalesce(sum(us.n), 0) AS expected FROM p LEFT JOIN us ON us.since <= p.period_start
            GROUP BY p.period_start),
    act AS (
        SELECT r.period_start, count(*) AS actual, count(*) FILTER (WHERE r.on_time) AS on_time
        FROM routine_record r JOIN u ON u.enterprise_id = r.enterprise_id AND r.period_start >= u.since
        WHERE r.kind = :kind AND r.revision = 1 AND r.submitted_at IS NOT NULL
          AND r.period_start = ANY(CAST(:starts AS date[]))
        GROUP BY r.period_start
    )
    SELECT exp.period_start, exp.expected, coalesce(act.actual, 0) AS actual, coalesce(act.on_time, 0) AS on_time
    FROM exp LEFT JOIN act USING (period_start) ORDER BY exp.period_start
""")


async def rates_by_period(session: AsyncSession, *, kind: str, org_path: str,
                          periods: list[tuple[dt.date, dt.date, dt.date]]) -> list[dict[str, Any]]:
    rows = (await session.execute(_BY_PERIOD, _params(org_path, periods, kind))).mappings().all()
    return [dict(r) for r in rows]


_LAPSED = text("""
    SELECT u.enterprise_id, u.name, u.credit_code, u.org_path,
           (SELECT max(r.period_start) FROM routine_record r
            WHERE r.enterprise_id = u.enterprise_id AND r.kind = :kind AND r.revision = 1
              AND r.submitted_at IS NOT NULL) AS last_filed
    FROM unit_ref u
    WHERE u.active AND (u.org_path = :org OR u.org_path LIKE :org_prefix)
      AND coalesce(u.archived_on, u.first_seen) <= :threshold
      AND NOT EXISTS (SELECT 1 FROM routine_record r
                      WHERE r.enterprise_id = u.enterprise_id AND r.kind = :kind AND r.revision = 1
                        AND r.submitted_at IS NOT NULL AND r.period_start >= :threshold)
    ORDER BY last_filed NULLS FIRST, u.name
    LIMIT :limit OFFSET :offset
""")

_LAPSED_COUNT = text("""
    SELECT count(*) FROM unit_ref u
    WHERE u.active AND (u.org_path = :org OR u.org_path LIKE :org_prefix)
      AND coalesce(u.archived_on, u.first_seen) <= :threshold
      AND NOT EXISTS (SELECT 1 FROM routine_record r
                      WHERE r.enterprise_id = u.enterprise_id AND r.kind = :kind AND r.revision = 1
                        AND r.submitted_at IS NOT NULL AND r.period_start >= :threshold)
""")


async def lapsed(session: AsyncSession, *, kind: str, org_path: str, threshold: dt.date, limit: int,
                 offset: int) -> tuple[list[dict[str, Any]], int]:
    """Units that have filed nothing for a period starting on or after `threshold`."""
    params = {"org": org_path, "org_prefix": org_path + "/%", "kind": kind, "threshold": threshold}
    rows = (await session.execute(_LAPSED, params | {"limit": limit, "offset": offset})).mappings().all()
    total = int(await session.scalar(_LAPSED_COUNT, params) or 0)
    return [dict(r) for r in rows], total


async def rates_by_path(session: AsyncSession, *, kind: str,
                        periods: list[tuple[dt.date, dt.date, dt.date]]) -> list[dict[str, Any]]:
    """The same figures for every unit, grouped by each unit's own org path (the dashboard's store)."""
    rows = (await session.execute(_sql("org_path"), _params("", periods, kind) | {"org_prefix": "%"})).mappings().all()
    return [dict(r) for r in rows]
