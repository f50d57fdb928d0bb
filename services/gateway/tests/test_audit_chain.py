"""The gateway service's audit trail is sealed into a hash chain and verifies (docs/decisions/0014)."""

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.testing import AuthHelper
from servicekit.testing.audit_chain import assert_audit_chain


async def test_audit_chain(client: AsyncClient, session: AsyncSession, auth: AuthHelper, service_app: FastAPI) -> None:
    await assert_audit_chain(client, session, auth, service_app, service="gateway")
