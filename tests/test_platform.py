"""The real processes over real HTTP: login at the gateway, every service reachable through it,
service-to-service calls with a service token, and a stopped service answered, not hung."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from platform_helpers import login

REPO = Path(__file__).resolve().parent.parent
from stack import SERVICES, Stack

pytestmark = pytest.mark.stack


def test_login_and_me_through_gateway(gateway_url: str) -> None:
    token = login(gateway_url, "demo-lhasa")
    me = httpx.get(f"{gateway_url}/api/auth/v1/me", headers={"authorization": f"Bearer {token}"}).json()
    assert me["org_unit"]["short_name"] == "拉萨市"
    tree = httpx.get(f"{gateway_url}/api/auth/v1/org-units", headers={"authorization": f"Bearer {token}"}).json()
    assert {c["short_name"] for c in tree["items"][0]["children"]} >= {"城关区", "堆龙德庆区", "墨竹工卡县"}


@pytest.mark.parametrize("service", [s for s in SERVICES if s != "gateway"])
def test_each_service_healthy_through_gateway(gateway_url: str, service: str) -> None:
    health = httpx.get(f"{gateway_url}/api/{service}/healthz")
    assert health.status_code == 200 and health.json()["service"] == service
    ready = httpx.get(f"{gateway_url}/api/{service}/readyz")
    assert ready.json()["status"] == "ready"
    assert ready.headers.get("x-request-id")


def test_services_verify_tokens_themselves(gateway_url: str, stack: Stack) -> None:
    # Straight to the service, bypassing the gateway: still no entry without a valid token.
    direct = httpx.get(f"{stack.url('registry')}/v1/system/info", headers={"x-user-roles": "region_admin"})
    assert direct.status_code == 401
    officer = login(gateway_url, "demo-chengguan")
    denied = httpx.get(f"{stack.url('registry')}/v1/system/info", headers={"authorization": f"Bearer {officer}"})
    assert denied.status_code == 403


def _head(service: str) -> str:
    from servicekit.testing.conformance import head_revision

    return head_revision(REPO / "services" / service / "alembic.ini")


def test_service_token_call_between_services(gateway_url: str) -> None:
    admin = login(gateway_url, "demo-region")
    resp = httpx.get(f"{gateway_url}/api/audit/v1/system/dependencies", headers={"authorization": f"Bearer {admin}"},
                     timeout=20)
    assert resp.status_code == 200, resp.text
    statuses = {d["service"]: d for d in resp.json()}
    assert set(statuses) == {"registry", "grading", "inspection"}
    assert all(d["ok"] and d["migration"] == _head(name) for name, d in statuses.items()), statuses


def test_combined_api_docs(gateway_url: str) -> None:
    doc = httpx.get(f"{gateway_url}/api/openapi.json", timeout=10).json()
    assert "/api/auth/v1/login" in doc["paths"]
    for service in ("registry", "grading", "inspection", "audit"):
        assert f"/api/{service}/v1/system/info" in doc["paths"]
    assert not any("/internal/" in p for p in doc["paths"])
    page = httpx.get(f"{gateway_url}/api/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text


def test_stopped_service_gives_502_then_recovers(gateway_url: str, stack: Stack) -> None:
    stack.stop_service("grading")
    started = time.monotonic()
    down = httpx.get(f"{gateway_url}/api/grading/healthz", timeout=15)
    assert down.status_code == 502 and down.json()["code"] == "UPSTREAM_UNAVAILABLE"
    assert time.monotonic() - started < 5
    stack.start_service("grading")
    stack.wait_ready()
    assert httpx.get(f"{gateway_url}/api/grading/healthz").status_code == 200


def test_registry_reads_org_tree_from_gateway_with_service_token(gateway_url: str) -> None:
    """Creating a unit makes the registry resolve its county and station through the gateway."""
    token = login(gateway_url, "demo-chengguan")
    h = {"authorization": f"Bearer {token}"}
    body = {"credit_code": "91540102MA6TXB001" + _check("91540102MA6TXB001"), "name": "城关区跨服务测试商行",
            "unit_types": ["retail"], "division_code": "540102", "station_code": "540102-02",
            "entry_reason": "跨服务测试", "employees": 4, "revenue_wan": "30"}
    created = httpx.post(f"{gateway_url}/api/registry/v1/enterprises", json=body, headers=h, timeout=15)
    assert created.status_code == 201, created.text
    assert created.json()["org_path"] == "540000/540100/540102/540102-02"
    found = httpx.get(f"{gateway_url}/api/registry/v1/enterprises", params={"q": "跨服务测试"}, headers=h).json()
    assert found["total"] == 1
    # The demo enterprise user sees its own enterprise, seeded by the registry.
    ent = login(gateway_url, "demo-enterprise")
    me = httpx.get(f"{gateway_url}/api/auth/v1/me", headers={"authorization": f"Bearer {ent}"}).json()
    own = httpx.get(f"{gateway_url}/api/registry/v1/enterprises/{me['enterprise_id']}",
                    headers={"authorization": f"Bearer {ent}"})
    assert own.status_code == 200 and own.json()["name"] == "拉萨雪域燃气具有限公司"


def _check(body17: str) -> str:
    from registry.enterprises.credit_code import check_char

    return check_char(body17)


def _poll(fn: object, timeout: float = 20.0) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = fn()  # type: ignore[operator]
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.3)


def test_a_new_unit_is_graded_by_the_grading_service_and_mirrored_back(gateway_url: str) -> None:
    """registry → (outbox, real HTTP) → grading → (outbox) → registry: the grade appears in the archive."""
    h = {"authorization": f"Bearer {login(gateway_url, 'demo-lhasa')}"}
    body = {"credit_code": "91540102MA6TXB002" + _check("91540102MA6TXB002"), "name": "城关区分级联动测试超市",
            "unit_types": ["retail"], "division_code": "540102", "station_code": "540102-01",
            "entry_reason": "跨服务测试", "employees": 60, "revenue_wan": "2500"}
    created = httpx.post(f"{gateway_url}/api/registry/v1/enterprises", json=body, headers=h, timeout=15)
    assert created.status_code == 201, created.text
    eid = created.json()["id"]

    def graded() -> dict | None:
        r = httpx.get(f"{gateway_url}/api/grading/v1/units/{eid}", headers=h, timeout=10)
        return r.json() if r.status_code == 200 else None

    unit = _poll(graded)
    assert unit, "the grading service never received enterprise.created"
    assert (unit["grade"], unit["level"], unit["supervising_org_code"]) == ("B", "prefecture", "540100")  # type: ignore[index]

    def mirrored() -> bool:
        r = httpx.get(f"{gateway_url}/api/registry/v1/enterprises/{eid}", headers=h, timeout=10)
        return r.json().get("grade") == "B"

    assert _poll(mirrored), "the registry never received grade.changed"
    # a size change flows the same way
    version = httpx.get(f"{gateway_url}/api/registry/v1/enterprises/{eid}", headers=h).json()["version"]
    r = httpx.patch(f"{gateway_url}/api/registry/v1/enterprises/{eid}", json={"employees": 400, "version": version},
                    headers=h, timeout=15)
    assert r.status_code == 200, r.text
    assert _poll(lambda: (graded() or {}).get("grade") == "A")
    # the demo enterprises seeded at start-up were graded too
    units = httpx.get(f"{gateway_url}/api/grading/v1/units", headers=h, timeout=10).json()
    assert units["total"] >= 5


def test_an_inspection_finding_reaches_grading(gateway_url: str) -> None:
    """registry → inspection (the unit), a station inspector files a checklist with a 较大 risk,
    inspection → grading: the unit becomes 重点监管 and the visit counts for high-risk tracking."""
    import uuid

    h = {"authorization": f"Bearer {login(gateway_url, 'demo-lhasa')}"}
    body = {"credit_code": "91540102MA6TXB003" + _check("91540102MA6TXB003"), "name": "城关区检查联动测试五金店",
            "unit_types": ["retail"], "division_code": "540102", "station_code": "540102-01",
            "entry_reason": "跨服务测试", "employees": 3, "revenue_wan": "40"}
    eid = httpx.post(f"{gateway_url}/api/registry/v1/enterprises", json=body, headers=h, timeout=15).json()["id"]
    inspector = {"authorization": f"Bearer {login(gateway_url, 'demo-chengguan-station')}"}
    iid = str(uuid.uuid4())

    def draft() -> dict | None:
        r = httpx.put(f"{gateway_url}/api/inspection/v1/inspections/{iid}", headers=inspector, timeout=10,
                      json={"enterprise_id": eid, "inspected_on": time.strftime("%Y-%m-%d")})
        return r.json() if r.status_code == 200 else None

    started = _poll(draft)
    assert started, "the inspection service never received enterprise.created"
    items = [{"item_no": i["item_no"], "result": "yes"} for i in started["items"]]  # type: ignore[index]
    saved = httpx.put(f"{gateway_url}/api/inspection/v1/inspections/{iid}", headers=inspector, timeout=10, json={
        "enterprise_id": eid, "inspected_on": time.strftime("%Y-%m-%d"), "base_version": 1, "items": items}).json()
    r = httpx.post(f"{gateway_url}/api/inspection/v1/inspections/{iid}/submit", headers=inspector, timeout=10,
                   json={"base_version": saved["version"], "risks": [{"severity": "larger", "summary": "无证销售"}]})
    assert r.status_code == 200, r.text

    def recategorised() -> bool:
        u = httpx.get(f"{gateway_url}/api/grading/v1/units/{eid}", headers=h, timeout=10)
        return u.status_code == 200 and u.json()["category"] == "key"

    assert _poll(recategorised), "grading never received risk.recorded"


def test_a_random_draw_uses_the_gateways_staff(gateway_url: str) -> None:
    """inspection → gateway (service token) for the staff list: a county officer draws units and inspectors."""
    county = {"authorization": f"Bearer {login(gateway_url, 'demo-chengguan')}"}
    body = {"org": "540102", "units": 1, "inspectors": 1, "due_on": time.strftime("%Y-12-31"), "reason": "平台测试抽取",
            "seed": 1}

    def drawn() -> dict | None:
        r = httpx.post(f"{gateway_url}/api/inspection/v1/draws", json=body, headers=county, timeout=15)
        return r.json() if r.status_code == 201 else None

    d = _poll(drawn)
    assert d, "no draw: the demo units never reached the inspection service or the staff lookup failed"
    assert d["pool_inspectors"] >= 2 and d["pool_units"] >= 1  # type: ignore[index]
    verify = httpx.get(f"{gateway_url}/api/inspection/v1/draws/{d['id']}/verify", headers=county, timeout=15).json()  # type: ignore[index]
    assert verify["reproduced"] or not verify["pool_unchanged"]  # units may still be arriving by events


def test_a_calendar_edit_in_the_registry_changes_the_routine_counts(gateway_url: str) -> None:
    """registry (calendar.day_set, outbox, real HTTP) → inspection: a day declared off stops being
    an expected day of 日管控 in the reporting rates."""
    admin = {"authorization": f"Bearer {login(gateway_url, 'demo-region')}"}
    lhasa = {"authorization": f"Bearer {login(gateway_url, 'demo-lhasa')}"}
    params = {"kind": "daily", "org": "540100", "first": "2025-06-09", "last": "2025-06-13"}

    def periods() -> int:
        r = httpx.get(f"{gateway_url}/api/inspection/v1/routines/rates", params=params, headers=lhasa, timeout=10)
        assert r.status_code == 200, r.text
        return int(r.json()["periods"])

    def set_day(workday: bool, name: str) -> None:
        r = httpx.put(f"{gateway_url}/api/registry/v1/calendar/days/2025-06-11", headers=admin, timeout=10,
                      json={"is_workday": workday, "name": name})
        assert r.status_code == 200, r.text

    set_day(True, "正常上班")  # a stack kept from an earlier run may hold the day off
    assert _poll(lambda: periods() == 5)
    set_day(False, "跨服务测试停工")
    try:
        assert _poll(lambda: periods() == 4), "the inspection service never received calendar.day_set"
    finally:
        set_day(True, "恢复上班")
    assert _poll(lambda: periods() == 5)
