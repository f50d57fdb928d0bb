"""Photos are images under the size limit, uploaded once however often the phone retries; a
filled checklist prints as PDF and exports as xlsx in the template's layout."""

from __future__ import annotations

import io
import uuid
from typing import Any

from httpx import AsyncClient
from inspection_factories import STATION, unit
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection import images
from inspection.models import InspectionPhoto
from servicekit.testing import AuthHelper


def png(color: str = "red", size: tuple[int, int] = (64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


async def filled(client: AsyncClient, auth: AuthHelper) -> tuple[str, dict[str, str], dict[str, Any]]:
    station = auth.headers("station_inspector", STATION)
    e = await unit(client, auth, unit_types=["production"], grade="C", level="county")
    iid = str(uuid.uuid4())
    draft = (await client.put(f"/v1/inspections/{iid}", json={"enterprise_id": e["id"], "inspected_on": "2026-03-02",
                                                                "responsible_department": "质检科"},
                              headers=station)).json()
    items = [{"item_no": i["item_no"], "result": "yes"} for i in draft["items"]]
    items[1] = {"item_no": "1.2", "result": "no", "remark": "未配备质量安全员"}
    items[-1] = {"item_no": items[-1]["item_no"], "result": "na"}
    await client.put(f"/v1/inspections/{iid}", json={"enterprise_id": e["id"], "inspected_on": "2026-03-02",
                                                     "responsible_department": "质检科", "base_version": 1,
                                                     "items": items}, headers=station)
    return iid, station, e


async def test_photos_once_however_often_sent(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    iid, station, _ = await filled(client, auth)
    pid = str(uuid.uuid4())
    url = f"/v1/inspections/{iid}/photos/{pid}"
    image = png()
    first = await client.put(url, data={"item_no": "1.2"}, files={"file": ("a.png", image, "image/png")}, headers=station)
    assert first.status_code == 200, first.text
    assert (first.json()["width"], first.json()["height"], first.json()["content_type"]) == (64, 48, "image/png")
    again = await client.put(url, data={"item_no": "1.2"}, files={"file": ("a.png", image, "image/png")}, headers=station)
    assert again.status_code == 200
    other = await client.put(url, data={"item_no": "1.2"}, files={"file": ("b.png", png("blue"), "image/png")},
                             headers=station)
    assert other.status_code == 409 and other.json()["code"] == "PHOTO_ID_TAKEN"
    assert await session.scalar(select(func.count()).select_from(InspectionPhoto)) == 1
    got = await client.get(url, headers=station)
    assert got.content == image and got.headers["content-type"] == "image/png"
    # a photo taken by mistake is deleted while the record is a draft
    assert (await client.delete(url, headers=station)).status_code == 204
    assert (await client.get(url, headers=station)).status_code == 404
    assert await session.scalar(select(func.count()).select_from(InspectionPhoto)) == 0


async def test_bad_photos_are_refused(client: AsyncClient, auth: AuthHelper, session: AsyncSession,
                                      monkeypatch: Any) -> None:
    iid, station, _ = await filled(client, auth)

    async def put(content: bytes, item_no: str = "1.2") -> Any:
        return await client.put(f"/v1/inspections/{iid}/photos/{uuid.uuid4()}", data={"item_no": item_no},
                                files={"file": ("x.jpg", content, "image/jpeg")}, headers=station)

    r = await put(b"%PDF-1.4 this is not a photo")
    assert r.status_code == 422 and r.json()["code"] == "PHOTO_NOT_IMAGE"
    r = await put(png(), item_no="9.9")
    assert r.status_code == 422 and r.json()["code"] == "ITEM_UNKNOWN"
    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 100)
    r = await put(png())
    assert r.status_code == 422 and r.json()["code"] == "PHOTO_TOO_LARGE"
    assert await session.scalar(select(func.count()).select_from(InspectionPhoto)) == 0


async def test_the_checklist_prints_and_exports_in_its_layout(client: AsyncClient, auth: AuthHelper) -> None:
    iid, station, e = await filled(client, auth)
    for who, ink in (("sig:insp", "navy"), ("sig:rep", "black")):
        r = await client.put(f"/v1/inspections/{iid}/photos/{uuid.uuid4()}", data={"item_no": who},
                             files={"file": ("sig.png", png(ink, (300, 100)), "image/png")}, headers=station)
        assert r.status_code == 200, r.text
    x = await client.get(f"/v1/inspections/{iid}/export.xlsx", headers=station)
    assert x.status_code == 200
    ws = load_workbook(io.BytesIO(x.content))["监管任务清单"]
    assert ws["A1"].value.startswith("监管任务清单（生产单位类）")
    assert [c.value for c in ws[3]] == ["序号", "重点工作", "具体任务", "结果", "备注"]
    assert [c.value for c in ws[5]] == [None, None, "1.2 配备质量安全总监和质量安全员。", "×", "未配备质量安全员"]
    assert ws["B4"].value == "建立安全管理体系" and ws["D4"].value == "√"
    pdf = await client.get(f"/v1/inspections/{iid}/export.pdf", headers=station)
    assert pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert sum(len(page.images) for page in reader.pages) == 2  # both signatures are on the form
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ("监管任务清单（生产单位类）", e["name"], "县级对应C级主体", "未配备质量安全员", "企业代表（签名）"):
        assert expected in text, expected
    far = auth.headers("prefecture_officer", "540000/540200")
    assert (await client.get(f"/v1/inspections/{iid}/export.pdf", headers=far)).status_code == 404
