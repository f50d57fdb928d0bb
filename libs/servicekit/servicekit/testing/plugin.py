"""pytest plugin: a migrated database per service and test run, a rolled-back transaction per
test, an AsyncClient over ASGITransport, and tokens for any role in any org unit.

A service's tests/conftest.py defines one fixture, `service_under_test`, returning a
ServiceUnderTest; the plugin does the rest.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from servicekit import keys
from servicekit.auth import ServiceTokenIssuer, sign_token
from servicekit.devdb import database_url as make_db_url
from servicekit.devdb import server_url
from servicekit.migrations import drop_database, ensure_database, upgrade_to_head

ISSUER = "qsrp-gateway"
AUDIENCE = "qsrp"

# The demo org tree's paths, handy in tests.
REGION = "540000"
LHASA = "540000/540100"
CHENGGUAN = "540000/540100/540102"
DUILONG = "540000/540100/540103"
SHIGATSE = "540000/540200"
SAMZHUBZE = "540000/540200/540202"


@dataclass
class ServiceUnderTest:
    name: str
    alembic_ini: Path
    create_app: Callable[..., FastAPI]
    settings_overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class TestKeys:
    directory: Path

    @property
    def user_private(self) -> Path:
        return self.directory / "user.pem"

    @property
    def user_public(self) -> Path:
        return self.directory / "user.pub.pem"

    @property
    def service_private(self) -> Path:
        return self.directory / "service.pem"

    @property
    def service_public(self) -> Path:
        return self.directory / "service.pub.pem"


class AuthHelper:
    """Make bearer headers for any role in any org unit, signed like the gateway would."""

    def __init__(self, test_keys: TestKeys) -> None:
        self._user_key = keys.load_private_key(test_keys.user_private)
        self._service = ServiceTokenIssuer(
            keys.load_private_key(test_keys.service_private), service="test", issuer=ISSUER, audience=AUDIENCE
        )

    def token(
        self,
        role: str | list[str] = "region_admin",
        org_path: str = REGION,
        *,
        org_unit_id: str | None = None,
        enterprise_id: str | None = None,
        user_id: str | None = None,
        ttl_seconds: int = 600,
        **extra: Any,
    ) -> str:
        roles = [role] if isinstance(role, str) else list(role)
        claims = {
            "sub": user_id or str(uuid.uuid4()),
            "username": extra.pop("username", f"test-{roles[0]}"),
            "typ": "access",
            "roles": roles,
            "org_unit_id": org_unit_id or org_path.rsplit("/", 1)[-1],
            "org_path": org_path,
            "enterprise_id": enterprise_id,
            **extra,
        }
        return sign_token(self._user_key, claims, ttl_seconds=ttl_seconds, issuer=ISSUER, audience=AUDIENCE)

    def headers(self, role: str | list[str] = "region_admin", org_path: str = REGION, **kw: Any) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token(role, org_path, **kw)}"}

    def service_headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self._service.token()}"}


def run_isolated(fn: Callable[[], Any]) -> Any:
    """Run blocking set-up (its own event loops) in a thread, away from the test loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def _repo_var_dir(config: pytest.Config) -> Path:
    return Path(os.environ.get("QSRP_VAR_DIR") or (Path(str(config.rootpath)) / "var"))


@pytest.fixture(scope="session")
def test_keys(tmp_path_factory: pytest.TempPathFactory) -> TestKeys:
    directory = tmp_path_factory.mktemp("keys")
    tk = TestKeys(directory)
    keys.generate_keypair(tk.user_private, tk.user_public)
    keys.generate_keypair(tk.service_private, tk.service_public)
    return tk


@pytest.fixture(scope="session")
def auth(test_keys: TestKeys) -> AuthHelper:
    return AuthHelper(test_keys)


@pytest.fixture(scope="session")
def pg_server_url(request: pytest.FixtureRequest) -> str:
    """The server tests use: $DATABASE_URL, or an embedded PostgreSQL under var/test-pg."""
    return server_url(_repo_var_dir(request.config) / "test-pg", keep_running=False)


@pytest.fixture(scope="session")
def _service_apps(pg_server_url: str, test_keys: TestKeys) -> Iterator[dict[str, tuple[FastAPI, str]]]:
    cache: dict[str, tuple[FastAPI, str]] = {}
    yield cache
    for _, url in cache.values():
        run_isolated(lambda url=url: asyncio.run(drop_database(url)))


def build_test_app(sut: ServiceUnderTest, *, database_url: str, test_keys: TestKeys, **overrides: Any) -> FastAPI:
    settings = {
        "database_url": database_url,
        "environment": "test",
        "jwt_public_key_file": test_keys.user_public,
        "service_public_key_file": test_keys.service_public,
        "service_private_key_file": test_keys.service_private,
        "jwt_private_key_file": test_keys.user_private,  # read by the gateway only
        "outbox_enabled": False,
        "reminders_enabled": False,
        "dashboard_enabled": False,
        "audit_seal_enabled": False,  # tests seal with app.state.audit_sealer.run_now() or audit_chain.seal()
        "log_json": False,
        **sut.settings_overrides,
        **overrides,
    }
    return sut.create_app(**settings)


def prepare_database(sut: ServiceUnderTest, pg_server_url: str) -> str:
    name = f"test_{sut.name}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    url = make_db_url(pg_server_url, name)
    def setup() -> None:
        asyncio.run(ensure_database(url))
        upgrade_to_head(sut.alembic_ini, url)

    run_isolated(setup)
    return url


@pytest.fixture
def service_app(
    service_under_test: ServiceUnderTest,
    _service_apps: dict[str, tuple[FastAPI, str]],
    pg_server_url: str,
    test_keys: TestKeys,
) -> FastAPI:
    """The service's app on its migrated test database (built once per run)."""
    if service_under_test.name not in _service_apps:
        url = prepare_database(service_under_test, pg_server_url)
        app = build_test_app(service_under_test, database_url=url, test_keys=test_keys)
        _service_apps[service_under_test.name] = (app, url)
    return _service_apps[service_under_test.name][0]


@pytest.fixture
async def db_connection(service_app: FastAPI) -> AsyncIterator[AsyncConnection]:
    """A connection whose outer transaction is rolled back after the test."""
    async with service_app.state.engine.connect() as conn:
        trans = await conn.begin()
        original = service_app.state.sessionmaker
        service_app.state.sessionmaker = async_sessionmaker(
            bind=conn, expire_on_commit=False, autoflush=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield conn
        finally:
            service_app.state.sessionmaker = original
            await trans.rollback()


@pytest.fixture
async def session(db_connection: AsyncConnection, service_app: FastAPI) -> AsyncIterator[AsyncSession]:
    """A session inside the test's transaction (sees what requests wrote)."""
    s: AsyncSession = service_app.state.sessionmaker()
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
async def client(service_app: FastAPI, db_connection: AsyncConnection) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=service_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
