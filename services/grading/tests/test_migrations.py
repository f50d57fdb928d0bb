"""Migration 0003 moves computed grades out of `unit` into `unit_grade` on a database holding
data graded by 0002, and back on downgrade."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
from alembic import command
from sqlalchemy.engine import make_url

from servicekit import devdb, migrations
from servicekit.testing.plugin import run_isolated

INI = Path(__file__).resolve().parent.parent / "alembic.ini"
ROW = """INSERT INTO unit (enterprise_id, credit_code, name, unit_types, org_path, status, active, needs_completion,
  responsible_recorded_late, auto_escalation, escalated, listed, major_risks, larger_risks, accident, computed_category,
  category, grade, computed_grade, rule_set_code, statistical_rule_set, large_or_medium, large_or_medium_rule_set,
  supervising_org_code, supervising_org_path, level, base_level, basis, updated_at)
  VALUES (gen_random_uuid(), '915400000000000001', '测试商行', '{retail}', '540000/540100', 'normal', true, false, false,
  false, false, false, 0, 0, false, 'key', 'key', 'B', 'B', '藏市监〔2023〕73号附件4', '国统字〔2017〕213号', true,
  '总局令第75号、第76号', '540100', '540000/540100', 'prefecture', 'prefecture', '依据…', now())"""


def test_upgrade_and_downgrade_keep_the_grades(pg_server_url: str) -> None:
    url = devdb.database_url(pg_server_url, "qsrp_grading_migration_test")
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    cfg = migrations.alembic_config(INI, url)

    async def sql(statement: str, fetch: bool = False) -> list[asyncpg.Record]:
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetch(statement) if fetch else [await conn.execute(statement)]
        finally:
            await conn.close()

    def run() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        asyncio.run(migrations.drop_database(url))
        asyncio.run(migrations.ensure_database(url))
        command.upgrade(cfg, "0002")
        asyncio.run(sql(ROW))
        command.upgrade(cfg, "head")
        up = [tuple(r) for r in asyncio.run(sql("SELECT grade, category, supervising_org_code FROM unit_grade", True))]
        command.downgrade(cfg, "0002")
        down = [tuple(r) for r in asyncio.run(sql("SELECT grade, category, supervising_org_code FROM unit", True))]
        asyncio.run(migrations.drop_database(url))
        return up, down

    up, down = run_isolated(run)
    assert up == [("B", "key", "540100")]
    assert down == [("B", "key", "540100")]
