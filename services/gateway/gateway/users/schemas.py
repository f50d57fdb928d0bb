from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

RoleCode = Literal[
    "region_admin", "region_officer", "prefecture_officer", "county_officer", "station_inspector",
    "enterprise_user", "api_client",
]


class UserOut(BaseModel):
    id: str
    username: str
    display_name: str
    roles: list[str]
    org_unit_code: str
    org_unit_name: str
    enterprise_id: str | None
    is_active: bool
    locked: bool
    totp_enabled: bool
    last_login_at: dt.datetime | None


class UserCreate(BaseModel):
    username: str = Field(min_length=3, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                          description="用户名：字母、数字、点、下划线、短横线")
    display_name: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=128)
    org_unit_code: str = Field(min_length=1, max_length=20)
    roles: list[RoleCode] = Field(min_length=1, max_length=3)
    enterprise_id: str | None = Field(default=None, max_length=40)


class UserUpdate(BaseModel):
    display_name: str | None = Field(default=None, min_length=1, max_length=60)
    org_unit_code: str | None = Field(default=None, max_length=20)
    roles: list[RoleCode] | None = Field(default=None, min_length=1, max_length=3)
    is_active: bool | None = None


class LoginEventOut(BaseModel):
    id: int
    occurred_at: dt.datetime
    username: str
    event: str
    success: bool
    reason: str | None
    ip: str | None
