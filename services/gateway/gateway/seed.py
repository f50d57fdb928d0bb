"""Load reference data (org units) and, with --demo, the demo stations and logins.

    python -m gateway.seed [--demo]

Idempotent: run it after every migration.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.passwords import check_policy, hash_password
from gateway.models import OrgUnit, User
from gateway.orgunits.reference import demo_stations, reference_units, upsert_units
from gateway.settings import Settings
from servicekit.db import make_engine, make_sessionmaker

DEFAULT_DEMO_PASSWORD = "Xizang@2026"

# username, display name, role, org unit code, enterprise id
DEMO_USERS = [
    ("demo-region", "自治区局管理员（演示）", "region_admin", "540000"),
    ("demo-region-officer", "自治区局监管员（演示）", "region_officer", "540000"),
    ("demo-lhasa", "拉萨市局监管员（演示）", "prefecture_officer", "540100"),
    ("demo-shigatse", "日喀则市局监管员（演示）", "prefecture_officer", "540200"),
    ("demo-chengguan", "城关区局监管员（演示）", "county_officer", "540102"),
    ("demo-chengguan-station", "八廓所检查员（演示）", "station_inspector", "540102-01"),
    ("demo-enterprise", "企业质量安全总监（演示）", "enterprise_user", "540102-01"),
]


def demo_password() -> str:
    return os.environ.get("QSRP_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


async def seed(session: AsyncSession, *, demo: bool) -> dict[str, int]:
    units = reference_units()
    created_units = await upsert_units(session, units)
    created_users = 0
    if demo:
        created_units += await upsert_units(session, demo_stations(units))
        password = demo_password()
        check_policy(password, username="demo")
        by_code = {u.code: u for u in (await session.scalars(select(OrgUnit))).all()}
        password_hash = hash_password(password)
        enterprise_id = os.environ.get("QSRP_DEMO_ENTERPRISE_ID")
        for username, name, role, code in DEMO_USERS:
            user = await session.scalar(select(User).where(User.username == username))
            if user is not None and role == "enterprise_user" and enterprise_id and user.enterprise_id != enterprise_id:
                user.enterprise_id = enterprise_id
            if user is None:
                session.add(User(
                    id=uuid.uuid4(), username=username, display_name=name, password_hash=password_hash,
                    org_unit_id=by_code[code].id, roles=[role], is_active=True, failed_attempts=0,
                    enterprise_id=enterprise_id if role == "enterprise_user" else None,
                    must_change_password=False, totp_enabled=False,
                ))
                created_users += 1
        await session.flush()
    return {"org_units_created": created_units, "users_created": created_users}


async def create_admin(session: AsyncSession, *, username: str, password: str) -> bool:
    """The first region administrator of a deployment; must change the password at first login."""
    check_policy(password, username=username)
    if await session.scalar(select(User.id).where(User.username == username)):
        return False
    region = await session.scalar(select(OrgUnit).where(OrgUnit.code == "540000"))
    assert region is not None, "请先加载组织机构参考数据"
    session.add(User(
        id=uuid.uuid4(), username=username, display_name="系统管理员", password_hash=hash_password(password),
        org_unit_id=region.id, roles=["region_admin"], is_active=True, failed_attempts=0,
        must_change_password=True, totp_enabled=False,
    ))
    await session.flush()
    return True


async def main_async(demo: bool, admin: str | None) -> None:
    settings = Settings()
    engine = make_engine(settings.database_url, pool_size=1, max_overflow=0)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            counts = await seed(session, demo=demo)
            if admin:
                password = os.environ.get("QSRP_ADMIN_PASSWORD", "")
                if not password:
                    raise SystemExit("请通过环境变量 QSRP_ADMIN_PASSWORD 提供管理员初始密码")
                counts["admin_created"] = int(await create_admin(session, username=admin, password=password))
        print(f"gateway seed: {counts}")
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description="加载组织机构参考数据（及演示账号）")
    parser.add_argument("--demo", action="store_true", help="同时加载演示市场监管所和演示账号")
    parser.add_argument("--admin", metavar="USERNAME", help="创建首个自治区管理员（密码取自 QSRP_ADMIN_PASSWORD）")
    args = parser.parse_args()
    asyncio.run(main_async(args.demo, args.admin))


if __name__ == "__main__":
    main()
