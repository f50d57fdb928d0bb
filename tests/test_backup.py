"""Backup and restore (tools/backup.py): every service database dumped with a manifest, restored
into a fresh PostgreSQL server, and the data found there; a tampered dump or an occupied target is
refused and nothing is written."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import backup
import httpx
import pgserver
import pytest
from platform_helpers import login
from stack import Stack

from registry.enterprises.credit_code import check_char

pytestmark = pytest.mark.stack
REPO = Path(__file__).resolve().parents[1]
TOOL = [sys.executable, str(REPO / "tools" / "backup.py")]


def _enterprise(gateway_url: str, name: str) -> str:
    token = login(gateway_url, "demo-region-officer")
    body = {"credit_code": "", "name": name, "unit_types": ["retail"], "division_code": "540102",
            "entry_reason": "备份恢复测试", "employees": 3, "revenue_wan": "20", "size_year": 2025}
    code17 = f"9254010{uuid.uuid4().int % 10**10:010d}"
    body["credit_code"] = code17 + check_char(code17)
    r = httpx.post(f"{gateway_url}/api/registry/v1/enterprises", json=body,
                   headers={"Authorization": f"Bearer {token}"}, timeout=15)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_dump_restore_into_a_fresh_server(stack: Stack, gateway_url: str, tmp_path: Path) -> None:
    name = f"备份恢复测试商行{uuid.uuid4().hex[:6]}"
    eid = _enterprise(gateway_url, name)
    server = stack._server
    out = tmp_path / "backup"
    dumped = subprocess.run([*TOOL, "dump", "--to", str(out), "--server", server], capture_output=True, text=True)
    assert dumped.returncode == 0, dumped.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [d["database"] for d in manifest["databases"]] == [f"qsrp_{s}" for s in backup.SERVICES]
    assert all(d["bytes"] > 0 and len(d["sha256"]) == 64 and d["revision"] for d in manifest["databases"])

    fresh = pgserver.get_server(str(tmp_path / "fresh-pg"), cleanup_mode="stop")
    try:
        target = str(fresh.get_uri())
        done = subprocess.run([*TOOL, "restore", "--from", str(out), "--server", target],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        registry = backup.libpq(target, "qsrp_registry")
        assert backup.psql(registry, f"SELECT name FROM enterprise WHERE id = '{eid}'") == name
        # the append-only audit trail came along, with its guard
        assert int(backup.psql(registry, "SELECT count(*) FROM audit_log")) > 0
        trigger = backup.psql(registry, "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_log_no_change'")
        assert trigger == "1"
        for entry in manifest["databases"]:
            revision = backup.psql(backup.libpq(target, entry["database"]), "SELECT version_num FROM alembic_version")
            assert revision == entry["revision"]

        # a second restore onto the same server is refused (it holds data) and changes nothing
        again = subprocess.run([*TOOL, "restore", "--from", str(out), "--server", target],
                               capture_output=True, text=True)
        assert again.returncode != 0 and "--replace" in again.stderr
        # a tampered dump is refused before anything is written, even with --replace
        dump = out / "qsrp_audit.dump"
        dump.write_bytes(dump.read_bytes()[:-1] + bytes([dump.read_bytes()[-1] ^ 1]))
        bad = subprocess.run([*TOOL, "restore", "--from", str(out), "--server", target, "--replace"],
                             capture_output=True, text=True)
        assert bad.returncode != 0 and "校验失败" in bad.stderr
        assert backup.psql(registry, f"SELECT name FROM enterprise WHERE id = '{eid}'") == name
    finally:
        fresh.cleanup()
