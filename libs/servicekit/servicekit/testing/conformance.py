"""Checks every service must pass: health, readiness, token verification, current migration."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from httpx import AsyncClient

from servicekit.testing.plugin import CHENGGUAN, AuthHelper


def head_revision(alembic_ini: Path) -> str:
    cfg = Config(str(alembic_ini))
    cfg.set_main_option("script_location", str(alembic_ini.parent / "migrations"))
    return str(ScriptDirectory.from_config(cfg).get_current_head())


async def assert_service_basics(client: AsyncClient, auth: AuthHelper, *, service: str, alembic_ini: Path) -> None:
    """/healthz, /readyz, and /v1/system/info: 401 without a token, 403 for an officer, the head migration for a service."""
    assert (await client.get("/healthz")).json()["service"] == service
    assert (await client.get("/readyz")).status_code == 200
    assert (await client.get("/v1/system/info")).status_code == 401
    denied = await client.get("/v1/system/info", headers=auth.headers("county_officer", CHENGGUAN))
    assert denied.status_code == 403 and denied.json()["code"] == "ROLE_NOT_ALLOWED"
    ok = await client.get("/v1/system/info", headers=auth.service_headers())
    assert ok.status_code == 200 and ok.json()["migration"] == head_revision(alembic_ini)
