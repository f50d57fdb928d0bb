"""Helpers shared by the black-box tests."""

from __future__ import annotations

import os

import httpx

DEMO_PASSWORD = os.environ.get("QSRP_DEMO_PASSWORD", "Xizang@2026")


def login(base_url: str, username: str, password: str = DEMO_PASSWORD) -> str:
    resp = httpx.post(f"{base_url}/api/auth/v1/login", json={"username": username, "password": password}, timeout=10)
    assert resp.status_code == 200, resp.text
    return str(resp.json()["access_token"])
