"""Queries of users, sessions and login events."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.models import OrgUnit, RefreshSession, User


async def user_by_username(session: AsyncSession, username: str, *, for_update: bool = False) -> User | None:
    stmt = select(User).where(User.username == username)
    if for_update:
        stmt = stmt.with_for_update()
    return await session.scalar(stmt)


async def user_with_unit(session: AsyncSession, user_id: uuid.UUID) -> tuple[User, OrgUnit] | None:
    row = (
        await session.execute(
            select(User, OrgUnit).join(OrgUnit, OrgUnit.id == User.org_unit_id).where(User.id == user_id)
        )
    ).first()
    return (row[0], row[1]) if row else None


async def unit_by_id(session: AsyncSession, unit_id: uuid.UUID) -> OrgUnit | None:
    return await session.get(OrgUnit, unit_id)


async def session_by_hash(session: AsyncSession, token_hash: str) -> RefreshSession | None:
    return await session.scalar(
        select(RefreshSession).where(RefreshSession.token_hash == token_hash).with_for_update()
    )


async def session_by_previous_hash(session: AsyncSession, token_hash: str) -> RefreshSession | None:
    return await session.scalar(select(RefreshSession).where(RefreshSession.previous_hash == token_hash))
