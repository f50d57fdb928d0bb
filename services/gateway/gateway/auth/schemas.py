from __future__ import annotations

from pydantic import BaseModel, Field


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=60, description="用户名")
    password: str = Field(min_length=1, max_length=128, description="密码")
    totp_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="动态口令（6 位数字），已绑定时必填")


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=20, max_length=200)


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="访问令牌有效期（秒）")
    password_expired: bool = Field(default=False, description="密码已超过有效期，应尽快修改")


class OrgUnitBrief(BaseModel):
    id: str
    code: str
    name: str
    short_name: str | None
    level: str
    path: str


class MeResponse(BaseModel):
    id: str
    username: str
    display_name: str
    roles: list[str]
    role_labels: list[str]
    org_unit: OrgUnitBrief
    enterprise_id: str | None
    permissions: list[str]
    totp_enabled: bool
    password_expires_in_days: int | None


class ChangePasswordRequest(BaseModel):
    current_password: str = Field(min_length=1, max_length=128)
    new_password: str = Field(min_length=1, max_length=128)


class TotpSetupResponse(BaseModel):
    secret: str
    otpauth_uri: str


class TotpEnableRequest(BaseModel):
    code: str = Field(pattern=r"^\d{6}$")
