"""The archive through the API: create, validation, check digits, jurisdiction, concurrency,
history, events, director flags."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from registry_factories import credit_code, enterprise
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.enterprises.credit_code import CreditCodeError, validate
from registry.models import Enterprise
from servicekit.audit import AuditRecord
from servicekit.outbox import OutboxEvent
from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("reference")

CHENGGUAN = "540000/540100/540102"
DUILONG = "540000/540100/540103"


def test_credit_code_check_digit() -> None:
    assert validate("91110000600037341L").check_digit_ok  # a published real code
    legacy = validate("91110000600037341A")
    assert not legacy.check_digit_ok and legacy.expected_check == "L"
    with pytest.raises(CreditCodeError, match="18 位"):
        validate("9111000060003734")
    with pytest.raises(CreditCodeError, match="不允许的字符"):
        validate("91110000600037341O")


async def test_create_and_read(client: AsyncClient, auth: AuthHelper) -> None:
    h = auth.headers("county_officer", CHENGGUAN)
    resp = await client.post("/v1/enterprises", json=enterprise(station_code="540102-01", contact_phone="13908901234"), headers=h)
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["org_path"] == CHENGGUAN + "/540102-01"
    assert body["unit_type_labels"] == ["生产"] and body["status_label"] == "正常"
    assert body["place_name"] == "城关区 / 城关区第1市场监督管理所"
    assert body["contact_phone"] == "139****1234"
    assert body["version"] == 1 and body["warnings"] == []
    got = await client.get(f"/v1/enterprises/{body['id']}", headers=h)
    assert got.json()["name"] == "拉萨雪域燃气具有限公司"


async def test_legacy_check_digit_accepted_with_warning(client: AsyncClient, auth: AuthHelper) -> None:
    resp = await client.post("/v1/enterprises", json=enterprise(credit_code=credit_code(valid=False)),
                             headers=auth.headers("county_officer", CHENGGUAN))
    assert resp.status_code == 201
    assert resp.json()["credit_code_check_ok"] is False
    assert "校验位" in resp.json()["warnings"][0]


@pytest.mark.parametrize(
    ("patch", "code"),
    [
        ({"credit_code": "91540102MA6T0A1B"}, "CREDIT_CODE_INVALID"),
        ({"credit_code": "91540102MA6T0A1BZ0"}, "CREDIT_CODE_INVALID"),
        ({"unit_types": []}, "VALIDATION_ERROR"),
        ({"unit_types": ["factory"]}, "VALIDATION_ERROR"),
        ({"entry_reason": ""}, "VALIDATION_ERROR"),
        ({"employees": -1}, "VALIDATION_ERROR"),
        ({"revenue_wan": "很多"}, "VALIDATION_ERROR"),
        ({"division_code": "540199"}, "DIVISION_UNKNOWN"),
        ({"station_code": "540103-01"}, "STATION_UNKNOWN"),
        ({"registered_on": "2030-01-01"}, "REGISTERED_IN_FUTURE"),
        ({"key_tags": ["no_such_tag"]}, "TAG_UNKNOWN"),
        ({"products": [{"category": "燃气具", "scope": "licence"}]}, "LICENCE_NO_REQUIRED"),
    ],
)
async def test_bad_input_rejected_and_nothing_written(
    client: AsyncClient, session: AsyncSession, auth: AuthHelper, patch: dict, code: str  # type: ignore[type-arg]
) -> None:
    resp = await client.post("/v1/enterprises", json=enterprise(**patch), headers=auth.headers("county_officer", CHENGGUAN))
    assert resp.status_code == 422, resp.text
    assert resp.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in resp.json()["detail"])
    assert await session.scalar(select(Enterprise.id)) is None
    assert await session.scalar(select(AuditRecord.id)) is None
    assert await session.scalar(select(OutboxEvent.id)) is None


async def test_duplicate_credit_code_conflicts(client: AsyncClient, auth: AuthHelper) -> None:
    h = auth.headers("county_officer", CHENGGUAN)
    data = enterprise()
    assert (await client.post("/v1/enterprises", json=data, headers=h)).status_code == 201
    again = await client.post("/v1/enterprises", json=data, headers=h)
    assert again.status_code == 409 and again.json()["code"] == "CREDIT_CODE_EXISTS"


async def test_county_cannot_reach_another_county(client: AsyncClient, auth: AuthHelper) -> None:
    lhasa = auth.headers("prefecture_officer", "540000/540100")
    theirs = (await client.post("/v1/enterprises", json=enterprise(division_code="540103", name="堆龙德庆区电线电缆厂"),
                                headers=lhasa)).json()
    mine = (await client.post("/v1/enterprises", json=enterprise(name="城关区电线电缆经营部"), headers=lhasa)).json()
    county = auth.headers("county_officer", CHENGGUAN)
    assert (await client.get(f"/v1/enterprises/{theirs['id']}", headers=county)).status_code == 404
    patch = await client.patch(f"/v1/enterprises/{theirs['id']}", json={"version": 1, "name": "改名"}, headers=county)
    assert patch.status_code == 404
    listed = (await client.get("/v1/enterprises", headers=county)).json()
    assert [i["id"] for i in listed["items"]] == [mine["id"]] and listed["total"] == 1
    searched = (await client.get("/v1/enterprises", params={"q": "电线电缆"}, headers=county)).json()
    assert [i["name"] for i in searched["items"]] == ["城关区电线电缆经营部"]
    by_code = (await client.get("/v1/enterprises", params={"q": theirs["credit_code"]}, headers=county)).json()
    assert by_code["total"] == 0
    created = await client.post("/v1/enterprises", json=enterprise(division_code="540103"), headers=county)
    assert created.status_code == 403
    # The prefecture sees both.
    assert (await client.get("/v1/enterprises", headers=lhasa)).json()["total"] == 2


async def test_enterprise_user_sees_only_its_own(client: AsyncClient, auth: AuthHelper) -> None:
    lhasa = auth.headers("prefecture_officer", "540000/540100")
    own = (await client.post("/v1/enterprises", json=enterprise(), headers=lhasa)).json()
    other = (await client.post("/v1/enterprises", json=enterprise(name="别家公司"), headers=lhasa)).json()
    user = auth.headers("enterprise_user", CHENGGUAN + "/540102-01", enterprise_id=own["id"])
    assert (await client.get(f"/v1/enterprises/{own['id']}", headers=user)).status_code == 200
    assert (await client.get(f"/v1/enterprises/{other['id']}", headers=user)).status_code == 404
    assert (await client.get("/v1/enterprises", headers=user)).status_code == 403
    assert (await client.patch(f"/v1/enterprises/{own['id']}", json={"version": 1, "name": "x公司"}, headers=user)).status_code == 403


async def test_search_by_name_bigrams_and_code_prefix(client: AsyncClient, auth: AuthHelper) -> None:
    h = auth.headers("prefecture_officer", "540000/540100")
    names = ["拉萨高原燃气具有限公司", "西藏圣城电动车销售有限公司", "拉萨市城关区燃气灶经营部"]
    codes = []
    for name in names:
        codes.append((await client.post("/v1/enterprises", json=enterprise(name=name), headers=h)).json()["credit_code"])

    async def find(q: str) -> list[str]:
        resp = await client.get("/v1/enterprises", params={"q": q, "sort": "name"}, headers=h)
        assert resp.status_code == 200, resp.text
        return sorted(i["name"] for i in resp.json()["items"])

    assert await find("燃气") == sorted([names[0], names[2]])
    assert await find("高原 燃气具") == [names[0]]
    assert await find("电动车") == [names[1]]
    assert await find("燃气车") == []
    assert await find(codes[1][:17]) == [names[1]]
    assert len(await find(codes[1][:8])) == 3  # a prefix shared by all three
    short = await client.get("/v1/enterprises", params={"q": "拉"}, headers=h)
    assert short.status_code == 422 and short.json()["code"] == "SEARCH_TOO_SHORT"


async def test_optimistic_concurrency(client: AsyncClient, auth: AuthHelper) -> None:
    h = auth.headers("county_officer", CHENGGUAN)
    e = (await client.post("/v1/enterprises", json=enterprise(), headers=h)).json()
    first = await client.patch(f"/v1/enterprises/{e['id']}", json={"version": 1, "employees": 320}, headers=h)
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = await client.patch(f"/v1/enterprises/{e['id']}", json={"version": 1, "employees": 10}, headers=h)
    assert stale.status_code == 409 and stale.json()["code"] == "VERSION_CONFLICT"
    assert stale.json()["current_version"] == 2
    assert (await client.get(f"/v1/enterprises/{e['id']}", headers=h)).json()["employees"] == 320


async def test_history_and_events(client: AsyncClient, session: AsyncSession, auth: AuthHelper) -> None:
    h = auth.headers("county_officer", CHENGGUAN)
    e = (await client.post("/v1/enterprises", json=enterprise(), headers=h)).json()
    await client.patch(f"/v1/enterprises/{e['id']}", json={"version": 1, "employees": 320, "revenue_wan": "2500"}, headers=h)
    await client.patch(f"/v1/enterprises/{e['id']}", json={"version": 2, "status": "suspended"}, headers=h)
    hist = (await client.get(f"/v1/enterprises/{e['id']}/history", headers=h)).json()
    assert [i["action"] for i in hist["items"]] == ["update", "update", "create"]
    size_change = hist["items"][1]
    assert size_change["changed_fields"] == ["employees", "revenue_wan"]
    assert size_change["before"]["employees"] == 120 and size_change["after"]["employees"] == 320
    assert hist["items"][0]["after"]["status_changed_on"] == "2026-03-02"
    topics = [(ev.topic, ev.payload.get("changed")) for ev in (await session.scalars(select(OutboxEvent).order_by(OutboxEvent.created_at))).all()]
    assert topics[0] == ("enterprise.created", None)
    assert ("enterprise.updated", ["employees", "revenue_wan"]) in topics
    assert ("enterprise.status_changed", ["status", "status_changed_on"]) in topics


async def test_director_required_follows_scope_and_size(client: AsyncClient, auth: AuthHelper) -> None:
    h = auth.headers("county_officer", CHENGGUAN)
    small = enterprise(employees=10, revenue_wan="100",
                       products=[{"category": "电线电缆", "scope": "mandatory_standard"}])
    e = (await client.post("/v1/enterprises", json=small, headers=h)).json()
    assert e["director_required"] is False and e["officer_missing"] is True
    grown = await client.patch(f"/v1/enterprises/{e['id']}", json={"version": 1, "employees": 300}, headers=h)
    assert grown.json()["director_required"] is True and grown.json()["director_missing"] is True
    licensed = (await client.post("/v1/enterprises", json=enterprise(employees=3, products=[
        {"category": "燃气具", "scope": "licence", "licence_no": "XK21-001-00123"}]), headers=h)).json()
    assert licensed["director_required"] is True
    missing = (await client.get("/v1/enterprises", params={"director_missing": True}, headers=h)).json()
    assert {i["id"] for i in missing["items"]} == {e["id"], licensed["id"]}


async def test_totals_exact_by_place_and_capped_with_filters(client: AsyncClient, auth: AuthHelper, monkeypatch: pytest.MonkeyPatch) -> None:
    from registry.enterprises import service as enterprise_service

    lhasa = auth.headers("prefecture_officer", "540000/540100")
    for i in range(3):
        await client.post("/v1/enterprises", json=enterprise(name=f"城关燃气{i}公司", station_code="540102-01"), headers=lhasa)
    await client.post("/v1/enterprises", json=enterprise(name="堆龙燃气公司", division_code="540103"), headers=lhasa)
    moved = (await client.post("/v1/enterprises", json=enterprise(name="将迁址公司"), headers=lhasa)).json()
    await client.patch(f"/v1/enterprises/{moved['id']}", json={"version": 1, "division_code": "540103"}, headers=lhasa)
    page = (await client.get("/v1/enterprises", params={"size": 2}, headers=lhasa)).json()
    assert page["total"] == 5 and len(page["items"]) == 2 and page["total_capped"] is False
    assert (await client.get("/v1/enterprises", params={"division_code": "540103"}, headers=lhasa)).json()["total"] == 2
    assert (await client.get("/v1/enterprises", params={"station_code": "540102-01"}, headers=lhasa)).json()["total"] == 3
    station = auth.headers("station_inspector", "540000/540100/540102/540102-01")
    assert (await client.get("/v1/enterprises", params={"division_code": "540102"}, headers=station)).json()["total"] == 3
    assert (await client.get("/v1/enterprises", params={"division_code": "540103"}, headers=station)).json()["total"] == 0
    monkeypatch.setattr(enterprise_service, "COUNT_CAP", 3)
    # A search that fits on one page is counted from the page itself.
    whole = (await client.get("/v1/enterprises", params={"q": "燃气"}, headers=lhasa)).json()
    assert whole["total"] == 4 and whole["total_capped"] is False
    # A full page is followed by a count, which stops at the cap.
    capped = (await client.get("/v1/enterprises", params={"q": "燃气", "size": 2}, headers=lhasa)).json()
    assert capped["total"] == 3 and capped["total_capped"] is True and len(capped["items"]) == 2


async def test_validation_messages_name_fields_in_chinese(client: AsyncClient, auth: AuthHelper) -> None:
    resp = await client.post("/v1/enterprises", json=enterprise(unit_types=[]),
                             headers=auth.headers("county_officer", CHENGGUAN))
    assert resp.json()["detail"] == "单位类型：条目过少"
    bad_product = await client.post("/v1/enterprises", json=enterprise(products=[{"category": "燃气具", "scope": "x"}]),
                                    headers=auth.headers("county_officer", CHENGGUAN))
    assert bad_product.json()["detail"] == "监管范围（第 1 项）：取值不在允许范围内"


async def test_search_follows_a_unit_that_moves(client: AsyncClient, auth: AuthHelper) -> None:
    lhasa = auth.headers("prefecture_officer", "540000/540100")
    e = (await client.post("/v1/enterprises", json=enterprise(name="唐古拉五金经营部"), headers=lhasa)).json()
    chengguan, duilong = auth.headers("county_officer", CHENGGUAN), auth.headers("county_officer", DUILONG)
    assert (await client.get("/v1/enterprises", params={"q": "唐古拉五金"}, headers=chengguan)).json()["total"] == 1
    assert (await client.get("/v1/enterprises", params={"q": "唐古拉五金"}, headers=duilong)).json()["total"] == 0
    await client.patch(f"/v1/enterprises/{e['id']}", json={"version": 1, "division_code": "540103"}, headers=lhasa)
    assert (await client.get("/v1/enterprises", params={"q": "唐古拉五金"}, headers=chengguan)).json()["total"] == 0
    assert (await client.get("/v1/enterprises", params={"q": "唐古拉五金"}, headers=duilong)).json()["total"] == 1
