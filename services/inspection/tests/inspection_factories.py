"""Registry- and grading-shaped events delivered to the inspection service, as the relay would."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from httpx import AsyncClient

from servicekit.testing import AuthHelper

STATION = "540000/540100/540102/540102-01"
CHENGGUAN = "540000/540100/540102"
SHIGATSE = "540000/540200"
_seq = itertools.count(1)


async def send(client: AsyncClient, auth: AuthHelper, topic: str, payload: dict[str, Any]) -> None:
    r = await client.post("/internal/events", headers=auth.service_headers(), json={
        "id": str(uuid.uuid4()), "topic": topic, "source": "registry",
        "occurred_at": dt.datetime.now(dt.UTC).isoformat(), "payload": payload})
    assert r.status_code == 200, r.text


async def unit(client: AsyncClient, auth: AuthHelper, *, unit_types: list[str] | None = None,
               org_path: str = STATION, grade: str = "D", level: str = "station",
               key_tags: list[str] | None = None) -> dict[str, Any]:
    n = next(_seq)
    e = {"id": str(uuid.uuid4()), "credit_code": f"91540102MA6T{n:06d}", "name": f"拉萨检查测试单位{n}",
         "unit_types": unit_types or ["production"], "org_path": org_path, "status": "normal", "version": 1,
         "key_tags": key_tags or []}
    await send(client, auth, "enterprise.created", e)
    await send(client, auth, "grade.changed", {"enterprise_id": e["id"], "grade": grade, "level": level,
                                               "supervising_org_code": org_path.split("/")[-1]})
    return e


async def person(client: AsyncClient, auth: AuthHelper, e: dict[str, Any], name: str, role: str = "director") -> str:
    pid = str(uuid.uuid4())
    await send(client, auth, "personnel.changed", {
        "enterprise_id": e["id"], "personnel_id": pid, "role": role, "action": "appointed", "name": name,
        "active": True, "org_path": e["org_path"]})
    return pid
