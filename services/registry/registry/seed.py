"""Reference data of the registry: key-category tags, the working-day calendar, and with --demo a
few archive entries in 城关区 (one of them the demo enterprise user's).

    python -m registry.seed [--demo]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from registry.enterprises.credit_code import check_char
from registry.enterprises.service import event_payload
from registry.labels import FIRST_BATCH_TAGS
from registry.models import CategoryTag, Enterprise, EnterpriseProduct, WorkCalendarDay, WorkCalendarYear
from registry.settings import Settings
from servicekit.db import make_engine, make_sessionmaker
from servicekit.outbox import emit
from servicekit.workdays import calendar_rows

# the demo units were archived a while ago, so their routine filings (F8) have periods to count
DEMO_ARCHIVED_DAYS_AGO = 60
DEMO_NAMESPACE = uuid.UUID("6f1c7e0a-3d35-4c1e-9a57-54a1d2c0b001")


def demo_enterprise_id(credit_code: str) -> uuid.UUID:
    """Stable ids, so the gateway's demo enterprise user can point at its enterprise."""
    return uuid.uuid5(DEMO_NAMESPACE, credit_code)


def demo_enterprise_user_target() -> str:
    """The enterprise the demo enterprise user belongs to (拉萨雪域燃气具有限公司)."""
    return str(demo_enterprise_id(_code(DEMO_UNITS[0][1])))


def _code(body17: str) -> str:
    return body17 + check_char(body17)


# name, 17-char code body, types, X, Y(万元), station, tags, products
DEMO_UNITS = [
    ("拉萨雪域燃气具有限公司", "91540102MA6T0A1B2", ["production"], 120, "1800", "540102-01", ["gas_appliance", "licence_holder"],
     [("燃气具", "licence", "XK21-001-00123")]),
    ("西藏圣城电动车销售有限公司", "91540102MA6T0C3D4", ["wholesale", "retail"], 35, "4200", "540102-02", ["e_bike"],
     [("电动自行车", "mandatory_standard", None)]),
    ("城关区八廓街烟花爆竹经营部", "92540102MA6T0E5F6", ["retail"], 3, "45", "540102-01", ["fireworks"], []),
    ("西藏高原消防器材有限公司", "91540102MA6T0G7H8", ["production", "wholesale"], 260, "9800", "540102-03",
     ["fire_product", "ccc_producer"], [("消防产品", "ccc", "2023081801000123")]),
]


async def seed(session: AsyncSession, *, demo: bool) -> dict[str, int]:
    for order, (code, name) in enumerate(FIRST_BATCH_TAGS):
        await session.execute(insert(CategoryTag).values(code=code, name=name, first_batch=True, active=True,
                                                         sort_order=order).on_conflict_do_nothing())
    rows, years = calendar_rows()
    for i in range(0, len(rows), 500):
        await session.execute(insert(WorkCalendarDay).values(rows[i:i + 500]).on_conflict_do_nothing())
    for year in years:
        await session.execute(insert(WorkCalendarYear).values(year=year, source="chinesecalendar").on_conflict_do_nothing())
    created = 0
    if demo:
        created = await seed_demo(session)
    return {"calendar_days": len(rows), "calendar_years": len(years), "demo_enterprises_created": created}


async def seed_demo(session: AsyncSession) -> int:
    created = 0
    today = dt.date.today()
    for name, body, types, x, y, station, tags, products in DEMO_UNITS:
        code = _code(body)
        if await session.scalar(select(Enterprise.id).where(Enterprise.credit_code == code)):
            continue
        eid = demo_enterprise_id(code)
        session.add(Enterprise(
            id=eid, credit_code=code, credit_code_check_ok=True, name=name, unit_types=types, is_individual=body[0] == "9" and body[1] == "2",
            division_code="540102", station_code=station, org_path=f"540000/540100/540102/{station}",
            employees=x, revenue_wan=Decimal(y), size_year=today.year - 1, key_tags=tags,
            entry_reason="第一批重要工业产品生产和销售单位摸底调查", archive_status="archived",
            archived_on=today - dt.timedelta(days=DEMO_ARCHIVED_DAYS_AGO),
            status="normal", principal_name="（演示）", version=1, created_by="seed",
            director_required=bool(products and products[0][1] in ("licence", "ccc")),
        ))
        await session.flush()
        for category, scope, number in products:
            session.add(EnterpriseProduct(
                id=uuid.uuid4(), enterprise_id=eid, category=category, scope=scope,
                licence_no=number if scope == "licence" else None, certificate_no=number if scope == "ccc" else None,
            ))
        created += 1
        e = await session.get(Enterprise, eid)
        assert e is not None
        await emit(session, "enterprise.created", event_payload(e), org_path=e.org_path)
    await session.flush()
    return created


async def main_async(demo: bool) -> None:
    settings = Settings()
    engine = make_engine(settings.database_url, pool_size=1, max_overflow=0)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            print(f"registry seed: {await seed(session, demo=demo)}")
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description="加载主体档案服务的参考数据（及演示数据）")
    parser.add_argument("--demo", action="store_true")
    asyncio.run(main_async(parser.parse_args().demo))


if __name__ == "__main__":
    main()
