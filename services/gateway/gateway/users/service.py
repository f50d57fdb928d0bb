"""User administration by the region's administrators, audited."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.passwords import check_policy, hash_password
from gateway.models import LoginEvent, OrgUnit, User
from gateway.users.schemas import LoginEventOut, UserCreate, UserOut, UserUpdate
from servicekit.audit import record_change
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.db import row_to_dict, utcnow
from servicekit.errors import Conflict, InvalidInput, NotFound
from servicekit.pagination import PageParams, paginate

_SECRET_FIELDS = {"password_hash", "totp_secret_enc"}


def _out(user: User, unit: OrgUnit) -> UserOut:
    return UserOut(
        id=str(user.id), username=user.username, display_name=user.display_name, roles=list(user.roles),
        org_unit_code=unit.code, org_unit_name=unit.name, enterprise_id=user.enterprise_id,
        is_active=user.is_active, locked=bool(user.locked_until and user.locked_until > utcnow()),
        totp_enabled=user.totp_enabled, last_login_at=user.last_login_at,
    )


def _scoped(principal: Principal) -> Select[tuple[User, OrgUnit]]:
    return select(User, OrgUnit).join(OrgUnit, OrgUnit.id == User.org_unit_id).where(
        jurisdiction_filter(OrgUnit.path, principal)
    )


async def list_users(
    session: AsyncSession, *, principal: Principal, page: PageParams, q: str | None
) -> tuple[list[UserOut], int]:
    stmt = _scoped(principal).order_by(OrgUnit.path, User.username)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(User.username.ilike(like) | User.display_name.ilike(like))
    rows, total = await paginate(session, stmt, page)
    return [_out(u, ou) for u, ou in rows], total


async def _unit(session: AsyncSession, principal: Principal, code: str) -> OrgUnit:
    unit = await session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    if unit is None or not principal.covers(unit.path):
        raise InvalidInput("所属机构不存在或不在您的管辖范围内", code="ORG_UNIT_NOT_FOUND")
    return unit


async def _get(session: AsyncSession, principal: Principal, user_id: uuid.UUID) -> tuple[User, OrgUnit]:
    row = (await session.execute(_scoped(principal).where(User.id == user_id))).first()
    if row is None:
        raise NotFound("用户不存在", code="USER_NOT_FOUND")
    return row[0], row[1]


def _check_role_fits_unit(roles: list[str], unit: OrgUnit) -> None:
    expected = {"region_admin": "region", "region_officer": "region", "prefecture_officer": "prefecture",
                "county_officer": "county", "station_inspector": "station"}
    for role in roles:
        level = expected.get(role)
        if level and unit.level != level:
            raise InvalidInput("角色与所属机构层级不一致（如县区局监管人员须属于县区局）", code="ROLE_LEVEL_MISMATCH")


async def create_user(session: AsyncSession, *, principal: Principal, body: UserCreate, min_length: int) -> UserOut:
    unit = await _unit(session, principal, body.org_unit_code)
    _check_role_fits_unit(list(body.roles), unit)
    if "enterprise_user" in body.roles and not body.enterprise_id:
        raise InvalidInput("企业用户必须关联企业", code="ENTERPRISE_REQUIRED")
    check_policy(body.password, username=body.username, min_length=min_length)
    if await session.scalar(select(User.id).where(User.username == body.username)):
        raise Conflict("用户名已存在", code="USERNAME_TAKEN")
    user = User(
        id=uuid.uuid4(), username=body.username, display_name=body.display_name,
        password_hash=hash_password(body.password), org_unit_id=unit.id, roles=list(body.roles),
        enterprise_id=body.enterprise_id, is_active=True, failed_attempts=0, must_change_password=True,
        totp_enabled=False,
    )
    session.add(user)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="user", entity_id=user.id,
                        after=row_to_dict(user, exclude=_SECRET_FIELDS), org_path=unit.path)
    return _out(user, unit)


async def update_user(session: AsyncSession, *, principal: Principal, user_id: uuid.UUID, body: UserUpdate) -> UserOut:
    user, unit = await _get(session, principal, user_id)
    before = row_to_dict(user, exclude=_SECRET_FIELDS)
    if body.org_unit_code is not None:
        unit = await _unit(session, principal, body.org_unit_code)
        user.org_unit_id = unit.id
    if body.roles is not None:
        user.roles = list(body.roles)
    _check_role_fits_unit(list(user.roles), unit)
    if body.display_name is not None:
        user.display_name = body.display_name
    if body.is_active is not None:
        if not body.is_active and str(user.id) == principal.subject:
            raise Conflict("不能停用自己的账号", code="CANNOT_DISABLE_SELF")
        user.is_active = body.is_active
    await session.flush()
    await record_change(session, actor=principal, action="update", entity_type="user", entity_id=user.id,
                        before=before, after=row_to_dict(user, exclude=_SECRET_FIELDS), org_path=unit.path)
    return _out(user, unit)


async def unlock_user(session: AsyncSession, *, principal: Principal, user_id: uuid.UUID) -> UserOut:
    user, unit = await _get(session, principal, user_id)
    before = row_to_dict(user, exclude=_SECRET_FIELDS)
    user.failed_attempts, user.locked_until = 0, None
    await session.flush()
    await record_change(session, actor=principal, action="unlock", entity_type="user", entity_id=user.id,
                        before=before, after=row_to_dict(user, exclude=_SECRET_FIELDS), org_path=unit.path)
    return _out(user, unit)


async def list_login_events(
    session: AsyncSession, *, page: PageParams, username: str | None, success: bool | None
) -> tuple[list[LoginEventOut], int]:
    stmt = select(LoginEvent).order_by(LoginEvent.id.desc())
    if username:
        stmt = stmt.where(LoginEvent.username == username)
    if success is not None:
        stmt = stmt.where(LoginEvent.success.is_(success))
    rows, total = await paginate(session, stmt, page)
    return [LoginEventOut.model_validate(r[0], from_attributes=True) for r in rows], total
