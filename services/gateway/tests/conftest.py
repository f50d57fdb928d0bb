from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.main import create_app
from gateway.seed import demo_password, seed
from servicekit.testing import ServiceUnderTest

HERE = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def echo_app() -> FastAPI:
    """A stand-in upstream that reports exactly what reached it."""
    app = FastAPI()

    @app.api_route("/v1/echo/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(rest: str, request: Request) -> Response:
        body = await request.body()
        status = int(request.query_params.get("status", "200"))
        return Response(
            content=body or b"{}", status_code=status,
            media_type=request.headers.get("content-type", "application/json"),
            headers={"x-seen-headers": ",".join(sorted(request.headers.keys())), "x-seen-path": rest,
                     "x-seen-query": str(request.url.query)},
        )

    @app.get("/v1/dashboard")
    async def dashboard(request: Request, org: str, depth: int | None = None) -> dict[str, object]:
        """A registry's dashboard figures: 拉萨 has units in 城关 and 堆龙德庆, 日喀则 none; 拉萨经开区 is
        not a prefecture with counties. Echoes the caller's Authorization header back."""
        seen = request.headers.get("authorization", "")
        leaves = {  # units per org path
            "540000/540100/540102/540102-01": {"units_total": 40, "archives_pending": 8, "archives_overdue": 2},
            "540000/540100/540102": {"units_total": 10, "archives_pending": 2},
            "540000/540100/540103": {"units_total": 30},
            "540000/540100": {"units_total": 5},  # on the prefecture itself
        }
        level = (depth or org.count("/") + 2) - 1
        total: dict[str, int] = {}
        own: dict[str, int] = {}
        children: dict[str, dict[str, int]] = {}
        for path, metrics in leaves.items():
            if not (path == org or path.startswith(org + "/")):
                continue
            parts = path.split("/")
            target = children.setdefault(parts[level], {}) if len(parts) > level else own
            for k, v in metrics.items():
                total[k] = total.get(k, 0) + v
                target[k] = target.get(k, 0) + v
        return {"service": "registry", "org_path": org, "refreshed_at": "2026-11-28T01:00:00Z", "as_of": "2026-11-28",
                "total": total, "own": own, "seen_authorization": seen,
                "children": [{"code": c, "metrics": m} for c, m in sorted(children.items())]}

    @app.get("/v1/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(3)
        return {"status": "late"}

    return app


@pytest.fixture(scope="session")
def echo_upstream() -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(echo_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 10
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def service_under_test(echo_upstream: str) -> ServiceUnderTest:
    return ServiceUnderTest(
        name="gateway", alembic_ini=HERE / "alembic.ini", create_app=create_app,
        settings_overrides={
            "registry_url": echo_upstream,
            "grading_url": f"http://127.0.0.1:{free_port()}",  # nothing listens there
            "inspection_url": f"http://127.0.0.1:{free_port()}",
            "audit_url": f"http://127.0.0.1:{free_port()}",
            "proxy_timeout_seconds": 1.0,
            "password_max_age_days": 90,
        },
    )


@pytest.fixture
async def seeded(session: AsyncSession) -> None:
    await seed(session, demo=True)
    await session.commit()


@pytest.fixture
def password() -> str:
    return demo_password()
