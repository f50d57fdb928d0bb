"""Building registry-shaped events and posting them to the grading service, as the relay would."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from httpx import AsyncClient

from servicekit.testing import AuthHelper

CHENGGUAN = "540000/540100/540102"
CHENGGUAN_STATION = "540000/540100/540102/540102-01"
DUILONG_STATION = "540000/540100/540103/540103-01"
SHIGATSE_STATION = "540000/540200/540202/540202-01"
EDZ = "540000/540171"
_seq = itertools.count(1)


def credit_code() -> str:
    return f"91540100MA6T{next(_seq):06d}"[:18]


def enterprise(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()), "credit_code": credit_code(), "name": f"拉萨测试企业{next(_seq)}有限公司",
        "unit_types": ["production"], "employees": 10, "revenue_wan": "100", "org_path": CHENGGUAN_STATION,
        "status": "normal", "version": 1,
    }
    base.update(kw)
    return base


async def send(client: AsyncClient, auth: AuthHelper, topic: str, payload: dict[str, Any],
               event_id: uuid.UUID | None = None) -> str:
    body = {"id": str(event_id or uuid.uuid4()), "topic": topic, "source": "registry",
            "occurred_at": dt.datetime.now(dt.UTC).isoformat(), "org_path": payload.get("org_path"), "payload": payload}
    r = await client.post("/internal/events", json=body, headers=auth.service_headers())
    assert r.status_code == 200, r.text
    return str(r.json()["status"])


async def create_unit(client: AsyncClient, auth: AuthHelper, **kw: Any) -> dict[str, Any]:
    e = enterprise(**kw)
    assert await send(client, auth, "enterprise.created", e) == "processed"
    return e


async def risk(client: AsyncClient, auth: AuthHelper, enterprise_id: str, *, severity: str, found_on: dt.date,
               source: str = "inspection") -> str:
    return await send(client, auth, "risk.recorded", {
        "id": str(uuid.uuid4()), "enterprise_id": enterprise_id, "severity": severity, "source": source,
        "found_on": found_on.isoformat(), "summary": "测试风险"})
