"""The 监管任务清单 templates are 附件5-1 and 5-2 word for word, versioned; a filled checklist keeps
its version; the unit's own key risk points become the last section."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient
from inspection_factories import STATION, unit

from servicekit.testing import AuthHelper


async def test_templates_are_the_annexes_word_for_word(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.get("/v1/templates", headers=auth.headers("station_inspector", STATION))
    by_code = {t["code"]: t for t in r.json()}
    producer, seller = by_code["5-1"], by_code["5-2"]
    assert (len(producer["items"]), len(seller["items"])) == (22, 17)
    assert producer["items"][5] == {
        "item_no": "1.6", "section_no": 1, "section_title": "建立安全管理体系", "unit_section": False,
        "text": "建立健全原材料检查验收制度、产品出厂检验制度、生产全过程控制体系（食品相关产品）制度。"}
    assert seller["items"][-1]["item_no"] == "5" and seller["items"][-1]["unit_section"] is True
    assert seller["items"][-1]["text"].endswith("如，得知销售产品可能是假冒伪劣，是否主动停止销售或及时报告属地监管部门。")
    assert producer["items"][-1]["section_title"] == "与生产单位明确的关键风险点和风险管控事项"


def new_version(**kw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": "5-2", "title": "监管任务清单（模板）（销售单位类）2026年修订", "items": [
        {"item_no": "1.1", "section_no": 1, "section_title": "指导督促建立安全管理体系", "text": "建立产品质量安全管理制度。"},
        {"item_no": "1.2", "section_no": 1, "section_title": "指导督促建立安全管理体系", "text": "核查电子台账是否完整。"},
        {"item_no": "2", "section_no": 2, "section_title": "与销售单位明确的关键风险点和风险管控事项", "text": "结合销售单位自身特点列出。"},
    ]}
    body.update(kw)
    return body


async def test_a_new_version_is_published_and_old_checklists_keep_theirs(client: AsyncClient, auth: AuthHelper) -> None:
    admin, station = auth.headers("region_admin", "540000"), auth.headers("station_inspector", STATION)
    seller = await unit(client, auth, unit_types=["retail"])
    old = (await client.put(f"/v1/inspections/{uuid.uuid4()}", json={
        "enterprise_id": seller["id"], "inspected_on": "2026-03-01"}, headers=station)).json()
    assert (old["template_code"], old["template_version"]) == ("5-2", 1)
    r = await client.post("/v1/templates", json=new_version(), headers=admin)
    assert r.status_code == 201 and r.json()["version"] == 2
    new = (await client.put(f"/v1/inspections/{uuid.uuid4()}", json={
        "enterprise_id": seller["id"], "inspected_on": "2026-03-02"}, headers=station)).json()
    assert new["template_version"] == 2 and [i["item_no"] for i in new["items"]] == ["1.1", "1.2", "2"]
    again = (await client.get(f"/v1/inspections/{old['id']}", headers=station)).json()
    assert again["template_version"] == 1 and len(again["items"]) == 17


async def test_template_validation(client: AsyncClient, auth: AuthHelper) -> None:
    admin = auth.headers("region_admin", "540000")
    items = new_version()["items"]
    dup = [items[0], {**items[1], "item_no": "1.1"}, items[2]]
    r = await client.post("/v1/templates", json=new_version(items=dup), headers=admin)
    assert r.status_code == 422 and "重复" in r.json()["detail"]
    no_unit_section = items[:2]
    r = await client.post("/v1/templates", json=new_version(items=no_unit_section), headers=admin)
    assert r.status_code == 422 and "关键风险点" in r.json()["detail"]
    r = await client.post("/v1/templates", json=new_version(), headers=auth.headers("county_officer", "540000/540100/540102"))
    assert r.status_code == 403


async def test_the_units_risk_points_become_the_last_section(client: AsyncClient, auth: AuthHelper) -> None:
    producer = await unit(client, auth, unit_types=["production", "retail"], grade="C", level="county")
    own = auth.headers("enterprise_user", STATION, enterprise_id=producer["id"])
    station = auth.headers("station_inspector", STATION)
    r = await client.post(f"/v1/units/{producer['id']}/risk-points", json={"text": "液化气钢瓶充装前逐只检查，记录台账"},
                          headers=own)
    assert r.status_code == 201 and r.json()["source"] == "enterprise"
    await client.post(f"/v1/units/{producer['id']}/risk-points", json={"text": "燃气具出厂前气密性全检"}, headers=station)
    inspection = (await client.put(f"/v1/inspections/{uuid.uuid4()}", json={
        "enterprise_id": producer["id"], "inspected_on": "2026-03-01"}, headers=station)).json()
    assert inspection["template_code"] == "5-1" and inspection["level_grade"] == "县级对应C级主体"
    last = [i for i in inspection["items"] if i["section_no"] == 6]
    assert [(i["item_no"], i["text"]) for i in last] == [("6.1", "液化气钢瓶充装前逐只检查，记录台账"),
                                                         ("6.2", "燃气具出厂前气密性全检")]
    other = await unit(client, auth)
    r = await client.post(f"/v1/units/{other['id']}/risk-points", json={"text": "不是本企业的风险点"}, headers=own)
    assert r.status_code == 404
