"""/api/auth/v1/users and /login-events: administration by region administrators."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from gateway.auth.dependencies import Admin, SettingsDep
from gateway.users import service
from gateway.users.schemas import LoginEventOut, UserCreate, UserOut, UserUpdate
from servicekit.app import make_router
from servicekit.db import SessionDep
from servicekit.pagination import Page, PageDep

router = make_router(prefix="/api/auth/v1", tags=["users"])


@router.get("/users", response_model=Page[UserOut], operation_id="users_list", summary="用户列表")
async def users_list(
    principal: Admin, session: SessionDep, page: PageDep,
    q: Annotated[str | None, Query(max_length=60, description="用户名或姓名")] = None,
) -> Page[UserOut]:
    items, total = await service.list_users(session, principal=principal, page=page, q=q)
    return Page(items=items, total=total, page=page.page, size=page.size)


@router.post("/users", response_model=UserOut, status_code=201, operation_id="users_create", summary="新建用户")
async def users_create(body: UserCreate, principal: Admin, session: SessionDep, settings: SettingsDep) -> UserOut:
    return await service.create_user(session, principal=principal, body=body, min_length=settings.password_min_length)


@router.patch("/users/{user_id}", response_model=UserOut, operation_id="users_update", summary="修改用户")
async def users_update(user_id: uuid.UUID, body: UserUpdate, principal: Admin, session: SessionDep) -> UserOut:
    return await service.update_user(session, principal=principal, user_id=user_id, body=body)


@router.post("/users/{user_id}/unlock", response_model=UserOut, operation_id="users_unlock", summary="解锁用户")
async def users_unlock(user_id: uuid.UUID, principal: Admin, session: SessionDep) -> UserOut:
    return await service.unlock_user(session, principal=principal, user_id=user_id)


@router.get("/login-events", response_model=Page[LoginEventOut], operation_id="login_events", summary="登录审计")
async def login_events(
    principal: Admin, session: SessionDep, page: PageDep,
    username: Annotated[str | None, Query(max_length=60)] = None,
    success: bool | None = None,
) -> Page[LoginEventOut]:
    items, total = await service.list_login_events(session, page=page, username=username, success=success)
    return Page(items=items, total=total, page=page.page, size=page.size)
