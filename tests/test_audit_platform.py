"""The audit service among the real processes: the pre-filled figures are the other services'
own numbers (read over HTTP with a service token), and every record reaches the national
platform's test double exactly once across a platform outage and a crash of the audit service."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from national_double import NationalDouble
from platform_helpers import login
from stack import Stack

pytestmark = pytest.mark.stack
PERIOD = {"period_start": "2026-01-01", "period_end": "2026-06-30"}


def _poll(fn: Any, timeout: float = 60.0, every: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def _api(base: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{base}/api", headers={"authorization": f"Bearer {token}"}, timeout=30)


def _answer_and_submit(c: httpx.Client, audit: dict[str, Any]) -> dict[str, Any]:
    for item in audit["items"]:
        r = c.put(f"/audit/v1/audits/{audit['id']}/items/{item['code']}",
                  json={"implemented": True, "highlights": "情况属实",
                        "correction_reason": None if item["suggested"] in (True, None) else "实地核查后认定已落实"})
        assert r.status_code == 200, r.text
    assert c.patch(f"/audit/v1/audits/{audit['id']}", json={"conclusion": "总体落实较好。"}).status_code == 200
    r = c.post(f"/audit/v1/audits/{audit['id']}/submit")
    assert r.status_code == 200, r.text
    return r.json()


def test_prefilled_figures_are_the_services_own(gateway_url: str) -> None:
    region = _api(gateway_url, login(gateway_url, "demo-region-officer"))
    lhasa = _api(gateway_url, login(gateway_url, "demo-lhasa"))
    r = region.post("/audit/v1/audits", json={"target_code": "540100", "audited_on": "2026-11-01",
                                              "auditors": "区局督查组", "period_start": "2025-01-01",
                                              "period_end": "2026-10-31"})
    assert r.status_code == 201, r.text
    audit = r.json()
    assert audit["prefill_state"] == {"registry": "ok", "grading": "ok", "inspection": "ok"}, audit["prefill_state"]
    items = {i["code"]: {f["label"]: f["value"] for f in i["figures"]} for i in audit["items"]}
    # the same numbers as the registry's own lists show 拉萨's officer
    overdue = lhasa.get("/registry/v1/enterprises", params={"overdue": "true", "size": 1}).json()["total"]
    assert items["2.2"]["逾期未建档（超过5个工作日）"] == overdue
    missing = lhasa.get("/registry/v1/enterprises", params={"director_missing": "true", "size": 1}).json()["total"]
    assert items["6.2"]["应配备质量安全总监的主体"] - items["6.2"]["已配备总监"] == missing
    assert items["2.1"]["在档主体"] > 0 and items["3.1"]["本层级主体清单"] is not None
    # the grading service's high-risk list for 拉萨 counts the same units
    high = lhasa.get("/grading/v1/high-risk", params={"size": 1})
    if high.status_code == 200 and "total" in high.json():
        assert items["3.2"]["高风险主体（很可能发生重大风险）"] == high.json()["total"]


def test_every_record_reaches_the_platform_once_across_an_outage_and_a_crash(
        gateway_url: str, stack: Stack, national: NationalDouble) -> None:
    c = _api(gateway_url, login(gateway_url, "demo-region-officer"))
    national.set_mode("fail", status=503)  # the platform is down
    keys: set[str] = set()
    for target in ("540200", "540300"):
        r = c.post("/audit/v1/audits", json={"target_code": target, "audited_on": "2026-07-15", "auditors": "区局督查组",
                                             **PERIOD})
        assert r.status_code == 201, r.text
        done = _answer_and_submit(c, r.json())
        keys.add(f"audit:{done['id']}:v{done['version']}")
        f = c.post("/audit/v1/followups", json={"kind": "reminder_letter", "target_code": target,
                                                "audit_id": done["id"], "findings": "个别事项未落实。",
                                                "requirements": "限期整改。", "due_on": "2026-12-31"})
        assert f.status_code == 201, f.text
        keys.add(f"followup:{f.json()['id']}:v1")
        s = c.post("/audit/v1/scores", json={"org_code": target, "period": "2026-H1", "points": "1.5",
                                             "reason": "督查发现亮点", "source_kind": "audit", "source_id": done["id"]})
        assert s.status_code == 201, s.text
        keys.add(f"score:{s.json()['id']}:v1")

    def failing() -> bool:
        rows = c.get("/audit/v1/national/deliveries", params={"status": "pending", "size": 200}).json()["items"]
        mine = [d for d in rows if d["idempotency_key"] in keys]
        return len(mine) == len(keys) and all(d["attempts"] >= 1 and "503" in (d["last_error"] or "") for d in mine)

    assert _poll(failing, timeout=30), "the pushes should be failing while the platform is down"
    assert not keys & {r["idempotency_key"] for r in national.received()["records"]}
    # the audit service crashes (no graceful shutdown), the platform comes back, the service restarts
    stack.processes["audit"].kill()
    stack.processes["audit"].wait()
    stack.processes.pop("audit")
    national.set_mode("ok")
    stack.start_service("audit")
    stack.wait_ready()

    def all_delivered() -> bool:
        got = {r["idempotency_key"] for r in national.received()["records"]}
        return keys <= got

    assert _poll(all_delivered, timeout=90), "every record should reach the platform after the restart"
    received = [r["idempotency_key"] for r in national.received()["records"] if r["idempotency_key"] in keys]
    assert sorted(received) == sorted(keys)  # exactly once each
    rows = c.get("/audit/v1/national/deliveries", params={"size": 200}).json()["items"]
    mine = {d["idempotency_key"]: d for d in rows if d["idempotency_key"] in keys}
    assert all(d["status"] == "delivered" and d["receipt_id"] for d in mine.values())
    assert len(mine) == len(keys)  # one delivery row per record version, nothing lost, nothing doubled


def test_the_national_platform_reads_with_a_scoped_key(gateway_url: str) -> None:
    admin = _api(gateway_url, login(gateway_url, "demo-region"))
    r = admin.post("/auth/v1/api-keys", json={"name": "市场监管总局监管督查信息化平台", "scopes": ["national:read"]})
    assert r.status_code == 201, r.text
    key = r.json()
    token = httpx.post(f"{gateway_url}/api/auth/v1/token", data={
        "grant_type": "client_credentials", "client_id": key["key_id"], "client_secret": key["secret"]}, timeout=10)
    assert token.status_code == 200, token.text
    platform = _api(gateway_url, token.json()["access_token"])
    agg = platform.get("/audit/v1/national/aggregates", params={"year": 2026})
    assert agg.status_code == 200 and len(agg.json()["bureaus"]) == 8
    assert platform.get("/audit/v1/national/audits").status_code == 200
    # the key reads the national API only: not the bureaus' own pages, not the registry's archive
    assert platform.get("/audit/v1/audits").status_code == 403
    assert platform.get("/registry/v1/enterprises").status_code == 403
    assert admin.post(f"/auth/v1/api-keys/{key['id']}/revoke", json={"reason": "轮换"}).status_code == 200
    again = httpx.post(f"{gateway_url}/api/auth/v1/token", json={
        "grant_type": "client_credentials", "client_id": key["key_id"], "client_secret": key["secret"]}, timeout=10)
    assert again.status_code == 401 and again.json()["code"] == "API_CLIENT_INVALID"
