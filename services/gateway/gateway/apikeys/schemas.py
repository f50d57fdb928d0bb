from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from servicekit.auth import API_SCOPES

KeyStatus = Literal["active", "revoked", "expired"]
STATUS_LABELS: dict[str, str] = {"active": "有效", "revoked": "已吊销", "expired": "已过期"}


class ApiKeyCreate(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] = Field(
        description="用途说明，如“国家市场监管总局监管督查信息化平台”"
    )
    scopes: list[str] = Field(min_length=1, max_length=20, description="授予的权限范围（见 API_SCOPES）")
    org_unit_code: str = Field(default="540000", min_length=1, max_length=20,
                               description="密钥绑定的机构编码，令牌按该机构的辖区取数；默认自治区")
    expires_on: dt.date | None = Field(default=None, description="有效期至（含当日，北京时间）；不填为长期有效")

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, value: list[str]) -> list[str]:
        unknown = [s for s in value if s not in API_SCOPES]
        if unknown:
            raise ValueError(f"未知的权限范围：{'、'.join(unknown)}")
        return sorted(set(value))


class ApiKeyRevoke(BaseModel):
    reason: str | None = Field(default=None, max_length=200, description="吊销原因")


class ApiKeyOut(BaseModel):
    id: str
    key_id: str = Field(description="公开的密钥编号（client_id）")
    name: str
    scopes: list[str]
    scope_labels: list[str]
    org_unit_code: str
    org_path: str
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    revoked_by: str | None
    last_used_at: dt.datetime | None
    status: KeyStatus
    status_label: str = Field(description="有效 / 已吊销 / 已过期")


class ApiKeyCreated(ApiKeyOut):
    secret: str = Field(description="密钥（client_secret），仅在本次响应中显示，请立即妥善保存")


class ClientCredentialsRequest(BaseModel):
    """OAuth2 client-credentials request (RFC 6749 §4.4), as JSON or as a form."""

    grant_type: str = Field(min_length=1, max_length=60, description="固定为 client_credentials")
    client_id: str = Field(min_length=1, max_length=60, description="密钥编号（ak_…）")
    client_secret: str = Field(min_length=1, max_length=200, description="密钥（sk_…）")
    scope: str | None = Field(default=None, max_length=500,
                              description="申请的权限范围，空格分隔；须为密钥已授予范围的子集，不填为全部")


class ClientTokenResponse(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="访问令牌有效期（秒）")
    scope: str = Field(description="令牌的权限范围，空格分隔")
