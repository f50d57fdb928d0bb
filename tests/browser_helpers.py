"""Helpers the browser journeys share: screenshots, signing in (API and pages), finding a unit once
the inspection service has it, a filled inspection, and a photo drawn in the test."""

from __future__ import annotations

import struct
import time
import uuid
import zlib
from pathlib import Path

import httpx
from platform_helpers import DEMO_PASSWORD, login
from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)  # let Element Plus' appear transitions (tags zoom in) finish
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def viewport_shot(page: Page, name: str) -> None:
    """What the phone's screen shows (its pages are longer than a screen)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expect(page.locator(".van-toast:visible")).to_have_count(0, timeout=5_000)  # let the toasts go
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def api(gateway_url: str, username: str) -> httpx.Client:
    """An HTTP client through the gateway, signed in as a demo user."""
    token = login(gateway_url, username)
    return httpx.Client(base_url=gateway_url, headers={"Authorization": f"Bearer {token}"}, timeout=15)


def desktop_login(page: Page, username: str) -> None:
    page.goto("/")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def field_login(page: Page, username: str) -> None:
    page.goto("/field/")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("field-tabbar")).to_be_visible()


def unit_id(client: httpx.Client, name: str) -> str:
    """The unit's id, once the inspection service has it (it follows the registry by events)."""
    resp = client.get("/api/registry/v1/enterprises", params={"q": name})
    assert resp.status_code == 200, resp.text
    eid = str(next(i["id"] for i in resp.json()["items"] if i["name"] == name))
    deadline = time.time() + 30
    while client.get(f"/api/inspection/v1/units/{eid}/risk-points").status_code != 200:
        assert time.time() < deadline, f"{name} never reached the inspection service"
        time.sleep(0.5)
    return eid


def submitted_inspection(client: httpx.Client, eid: str, finding: str, *, item: int = 2,
                         department: str = "质量部", contact: str = "次仁 13989000000",
                         deadline_days: int = 20) -> tuple[str, str]:
    """An inspection filled and submitted through the API (as the phone would): one × item, the
    `item`-th of the checklist, with `finding` as its remark. Returns (inspection id, item number)."""
    iid = str(uuid.uuid4())
    created = client.put(f"/api/inspection/v1/inspections/{iid}", json={
        "enterprise_id": eid, "base_version": 0, "inspected_on": time.strftime("%Y-%m-%d"), "items": []})
    assert created.status_code == 200, created.text
    items = created.json()["items"]
    finding_no = items[item]["item_no"]
    answers = [{"item_no": i["item_no"], "result": "no" if i["item_no"] == finding_no else "yes",
                "remark": finding if i["item_no"] == finding_no else None} for i in items]
    saved = client.put(f"/api/inspection/v1/inspections/{iid}", json={
        "enterprise_id": eid, "base_version": 1, "inspected_on": time.strftime("%Y-%m-%d"),
        "responsible_department": department, "contact": contact, "items": answers})
    assert saved.status_code == 200, saved.text
    done = client.post(f"/api/inspection/v1/inspections/{iid}/submit",
                       json={"base_version": saved.json()["version"], "deadline_days": deadline_days})
    assert done.status_code == 200, done.text
    return iid, finding_no


def png_bytes(rgb: tuple[int, int, int] = (40, 150, 80), width: int = 96, height: int = 64) -> bytes:
    """A PNG drawn in the test (a coloured square with a grey band), as a camera's photo."""
    rows = []
    for y in range(height):
        pixel = bytes([90, 90, 90]) if height * 3 // 8 <= y < height * 5 // 8 else bytes(rgb)
        rows.append(b"\x00" + pixel * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def small_png(path: Path, rgb: tuple[int, int, int] = (40, 150, 80)) -> Path:
    """The same PNG as a file, for a file input."""
    path.write_bytes(png_bytes(rgb))
    return path
