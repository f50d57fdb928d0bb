"""Aggregations for the exports and filings, computed in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.models import Enterprise, EnterpriseProduct
from servicekit.auth import Principal, jurisdiction_filter


# (key, Chinese header, SQL condition) — the columns of the survey statistics table (附件3).
def _has_scope(scope: str) -> Any:
    return select(EnterpriseProduct.id).where(
        EnterpriseProduct.enterprise_id == Enterprise.id, EnterpriseProduct.scope == scope
    ).exists()


def survey_columns() -> list[tuple[str, str, Any]]:
    return [
        ("total", "单位总数", None),
        ("production", "生产单位", Enterprise.unit_types.contains(["production"])),
        ("wholesale", "批发单位", Enterprise.unit_types.contains(["wholesale"])),
        ("retail", "零售单位", Enterprise.unit_types.contains(["retail"])),
        ("individual", "其中：个体工商户", Enterprise.is_individual.is_(True)),
        ("licence", "生产许可获证企业", _has_scope("licence")),
        ("ccc", "CCC获证生产企业", and_(_has_scope("ccc"), Enterprise.unit_types.contains(["production"]))),
        ("refined_oil", "成品油销售单位", Enterprise.key_tags.contains(["refined_oil"])),
        ("gas_appliance", "燃气具", Enterprise.key_tags.contains(["gas_appliance"])),
        ("e_bike", "电动自行车", Enterprise.key_tags.contains(["e_bike"])),
        ("fire_product", "消防产品", Enterprise.key_tags.contains(["fire_product"])),
        ("fireworks", "烟花爆竹", Enterprise.key_tags.contains(["fireworks"])),
        ("director_required", "应配备质量安全总监", Enterprise.director_required.is_(True)),
        ("director_appointed", "已配备质量安全总监", Enterprise.director_count > 0),
        ("director_missing", "应配未配总监", and_(Enterprise.director_required.is_(True), Enterprise.director_count == 0)),
        ("officer_appointed", "已配备质量安全员", Enterprise.officer_count > 0),
        ("abnormal", "异常状态（停产、注销、吊销、迁出、失联等）", Enterprise.status != "normal"),
    ]


async def survey_counts(session: AsyncSession, *, principal: Principal, under_path: str) -> dict[str, dict[str, int]]:
    """division_code → column key → count, for units at or below `under_path` and the caller's scope."""
    cols = survey_columns()
    aggregates = [
        func.count().label(key) if cond is None else func.sum(cast(cond, Integer)).label(key)
        for key, _, cond in cols
    ]
    stmt = (
        select(Enterprise.division_code, *aggregates)
        .where(jurisdiction_filter(Enterprise.org_path, principal),
               (Enterprise.org_path == under_path) | Enterprise.org_path.like(under_path + "/%"))
        .group_by(Enterprise.division_code)
    )
    rows = (await session.execute(stmt)).mappings().all()
    return {r["division_code"]: {key: int(r[key] or 0) for key, _, _ in cols} for r in rows}
