"""Org paths and small helpers shared by the audit service's tests."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from servicekit.testing import AuthHelper

REGION = "540000"
LHASA = "540000/540100"  # 拉萨市
SHIGATSE = "540000/540200"  # 日喀则市
EDZ = "540000/540171"  # 拉萨经开区
CHENGGUAN = "540000/540100/540102"  # 城关区
DOILUNG = "540000/540100/540103"  # 堆龙德庆区
SAMZHUBZE = "540000/540200/540202"  # 桑珠孜区
STATION = "540000/540100/540102/540102-01"


def region(auth: AuthHelper) -> dict[str, str]:
    return auth.headers("region_officer", REGION, username="区局 张三")


def pref(auth: AuthHelper, path: str = LHASA) -> dict[str, str]:
    return auth.headers("prefecture_officer", path, username=f"地市局 {path[-6:]}")


def county(auth: AuthHelper, path: str = CHENGGUAN) -> dict[str, str]:
    return auth.headers("county_officer", path, username=f"县局 {path[-6:]}")


async def new_audit(client: AsyncClient, headers: dict[str, str], target: str, **kw: Any) -> dict[str, Any]:
    body = {"target_code": target, "period_start": "2026-07-01", "period_end": "2026-10-31",
            "audited_on": "2026-11-20", "auditors": "张三、李四", **kw}
    r = await client.post("/v1/audits", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def answer_all(client: AsyncClient, headers: dict[str, str], audit: dict[str, Any]) -> dict[str, Any]:
    """Confirm every suggestion (是 where data cannot tell), then write the conclusion."""
    for item in audit["items"]:
        value = item["suggested"] if item["suggested"] is not None else True
        r = await client.put(f"/v1/audits/{audit['id']}/items/{item['code']}",
                             json={"implemented": value, "highlights": f"{item['code']} 情况良好"}, headers=headers)
        assert r.status_code == 200, r.text
    r = await client.patch(f"/v1/audits/{audit['id']}", json={"conclusion": "总体落实较好，个别事项需整改。"},
                           headers=headers)
    assert r.status_code == 200, r.text
    return r.json()
