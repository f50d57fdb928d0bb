"""Reference org units: the region, 7 prefectures + 拉萨经开区, 74 counties (GB/T 2260), and
demo stations. Loading is an idempotent upsert by code."""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.models import OrgUnit

DIVISIONS_CSV = Path(__file__).resolve().parent.parent / "reference" / "tibet_divisions.csv"

# 拉萨经济技术开发区 has no GB/T 2260 code; 540171 is its statistical division code (统计用区划代码).
LHASA_EDZ = ("540171", "拉萨经济技术开发区市场监督管理局", "拉萨经开区")

# Demo stations of 城关区 carry real sub-district names; other counties get one or two.
_CHENGGUAN_STATIONS = ["八廓市场监督管理所", "吉崩岗市场监督管理所", "纳金市场监督管理所"]

_LEVEL_MAP = {"province": "region", "prefecture": "prefecture", "county": "county"}


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None
    division_code: str | None


def reference_units(csv_path: Path = DIVISIONS_CSV) -> list[UnitSpec]:
    """The regulators' tree from the division table, in parent-before-child order."""
    specs: list[UnitSpec] = []
    with csv_path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            level = _LEVEL_MAP[row["level"]]
            specs.append(
                UnitSpec(
                    code=row["code"], name=f"{row['name']}市场监督管理局", short_name=row["name"], level=level,
                    parent_code=row["parent_code"] or None, division_code=row["code"],
                )
            )
    code, name, short = LHASA_EDZ
    specs.append(UnitSpec(code=code, name=name, short_name=short, level="prefecture", parent_code="540000",
                          division_code=None))
    return specs


def demo_stations(units: list[UnitSpec]) -> list[UnitSpec]:
    """1–3 market-supervision stations per county, for demonstrations and tests."""
    out: list[UnitSpec] = []
    for u in units:
        if u.level != "county":
            continue
        if u.code == "540102":
            names = _CHENGGUAN_STATIONS
        elif u.short_name.endswith(("区", "市")):
            names = [f"{u.short_name}城区市场监督管理所", f"{u.short_name}第二市场监督管理所"]
        else:
            names = [f"{u.short_name}城关市场监督管理所"]
        for i, name in enumerate(names, start=1):
            out.append(UnitSpec(code=f"{u.code}-{i:02d}", name=name, short_name=name.replace("市场监督管理所", "所"),
                                level="station", parent_code=u.code, division_code=u.code))
    return out


async def upsert_units(session: AsyncSession, specs: list[UnitSpec]) -> int:
    """Insert missing units and refresh names; parents must come before children."""
    existing = {u.code: u for u in (await session.scalars(select(OrgUnit))).all()}
    created = 0
    for order, spec in enumerate(specs):
        parent = existing.get(spec.parent_code) if spec.parent_code else None
        if spec.parent_code and parent is None:
            raise ValueError(f"上级机构 {spec.parent_code} 不存在（{spec.code}）")
        path = f"{parent.path}/{spec.code}" if parent else spec.code
        unit = existing.get(spec.code)
        if unit is None:
            unit = OrgUnit(id=uuid.uuid4(), code=spec.code, path=path)
            session.add(unit)
            existing[spec.code] = unit
            created += 1
        unit.name, unit.short_name, unit.level = spec.name, spec.short_name, spec.level
        unit.division_code, unit.parent_id, unit.path = spec.division_code, parent.id if parent else None, path
        unit.sort_order, unit.is_active = order, True
    await session.flush()
    return created
