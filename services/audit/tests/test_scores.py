"""Assessment points: additions and deductions with reasons, revocation, ranking order and ties,
the xlsx export, and who may score whom."""

from __future__ import annotations

import io

import openpyxl
from audit_factories import county, pref, region
from httpx import AsyncClient

from servicekit.testing import AuthHelper


async def add(client: AsyncClient, headers: dict[str, str], org: str, points: str, period: str = "2026") -> dict:
    r = await client.post("/v1/scores", json={"org_code": org, "period": period, "points": points,
                                              "reason": f"测试理由 {org} {points}"}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def test_ranking_orders_and_ties(client: AsyncClient, auth: AuthHelper) -> None:
    h = region(auth)
    await add(client, h, "540100", "5")
    await add(client, h, "540100", "-1.5")  # 拉萨 3.5
    await add(client, h, "540200", "3.5")  # 日喀则 3.5: tied with 拉萨
    await add(client, h, "540300", "2")  # 昌都 2
    wrong = await add(client, h, "540400", "9")  # 林芝: revoked below
    await add(client, h, "540500", "-2")  # 山南 -2
    await add(client, h, "540500", "4", period="2026-H1")  # another period: not counted
    r = await client.post(f"/v1/scores/{wrong['id']}/revoke", json={"reason": "录入错误"}, headers=h)
    assert r.status_code == 200 and r.json()["revoked"] is True
    r = await client.get("/v1/scores/ranking?period=2026", headers=h)
    assert r.status_code == 200
    rows = r.json()["rows"]
    assert [(x["org_code"], x["rank"], x["tied"]) for x in rows[:3]] == [("540100", 1, True), ("540200", 1, True),
                                                                         ("540300", 3, False)]
    by = {x["org_code"]: x for x in rows}
    assert by["540100"]["added"] == "5.0" and by["540100"]["deducted"] == "-1.5" and by["540100"]["total"] == "3.5"
    assert by["540400"]["total"] == "0" or by["540400"]["total"] == "0.0"  # revoked entries do not count
    assert rows[-1]["org_code"] == "540500" and rows[-1]["rank"] == len(rows)
    assert len(rows) == 8  # the 7 prefectures and 拉萨经开区, zero-point ones included
    x = await client.get("/v1/scores/ranking.xlsx?period=2026", headers=h)
    book = openpyxl.load_workbook(io.BytesIO(x.content))
    ranking = [[c.value for c in row] for row in book["排名"].iter_rows()]
    head = next(i for i, r in enumerate(ranking) if r[0] == "名次")
    assert ranking[head + 1][:2] == ["1（并列）", "拉萨市市场监督管理局"] and ranking[head + 3][0] == "3"
    detail = [[c.value for c in row] for row in book["明细"].iter_rows()]
    assert any(r[6] == "已撤销：录入错误" for r in detail)


async def test_who_scores_whom(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.post("/v1/scores", json={"org_code": "540100", "period": "2026", "points": "2",
                                              "reason": "越级给分"}, headers=county(auth))
    assert r.status_code == 403 and r.json()["code"] == "NOT_SUBORDINATE"
    mine = await add(client, pref(auth), "540102", "1")
    r = await client.get("/v1/scores/ranking?period=2026", headers=pref(auth))
    assert r.json()["rows"][0]["org_code"] == "540102"
    # a county cannot rank its peers; another prefecture cannot see 拉萨's ranking
    r = await client.get("/v1/scores/ranking?period=2026&parent_code=540100", headers=county(auth))
    assert r.status_code == 403
    r = await client.get("/v1/scores/ranking?period=2026&parent_code=540100", headers=pref(auth, "540000/540200"))
    assert r.status_code == 403
    r = await client.post(f"/v1/scores/{mine['id']}/revoke", json={"reason": "不是我给的"}, headers=region(auth))
    assert r.status_code == 403 and r.json()["code"] == "SCORE_NOT_GIVER"


async def test_a_double_click_records_one_entry(client: AsyncClient, auth: AuthHelper) -> None:
    body = {"id": str(__import__("uuid").uuid4()), "org_code": "540300", "period": "2026-Q4", "points": "1",
            "reason": "按时报送半月报告"}
    first = await client.post("/v1/scores", json=body, headers=region(auth))
    again = await client.post("/v1/scores", json=body, headers=region(auth))
    assert first.status_code == 201 and again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert (await client.get("/v1/scores?period=2026-Q4&org_code=540300", headers=region(auth))).json()["total"] == 1


async def test_bad_scores_are_refused(client: AsyncClient, auth: AuthHelper) -> None:
    h = region(auth)
    for body, code in [({"points": "0"}, "SCORE_ZERO"), ({"points": "1.25"}, "VALIDATION_ERROR"),
                       ({"points": "500"}, "VALIDATION_ERROR"), ({"period": "2026-13"}, "PERIOD_INVALID"),
                       ({"reason": ""}, "VALIDATION_ERROR"), ({"source_kind": "audit"}, "SCORE_SOURCE_REQUIRED")]:
        r = await client.post("/v1/scores", json={"org_code": "540100", "period": "2026", "points": "1",
                                                  "reason": "按时报送", **body}, headers=h)
        assert r.status_code == 422 and r.json()["code"] == code, (body, r.text)
    listed = (await client.get("/v1/scores?period=2026&org_code=540100", headers=h)).json()
    assert listed["total"] == 0
