from pathlib import Path

from pydantic import model_validator

from servicekit.settings import ServiceSettings

REPO_ROOT = Path(__file__).resolve().parents[3]


class Settings(ServiceSettings):
    service_name: str = "gateway"
    database_url: str = "postgresql+asyncpg://postgres@localhost/qsrp_gateway"

    jwt_private_key_file: Path | None = None
    access_token_ttl_seconds: int = 600
    refresh_token_ttl_hours: int = 12
    idle_timeout_minutes: int = 30
    # Lifetime of a token bought with an API client key (client credentials); also how long a
    # revoked key's tokens may still be used.
    api_token_minutes: int = 15

    password_min_length: int = 8
    password_max_age_days: int = 90
    lockout_threshold: int = 5
    lockout_minutes: int = 15
    require_admin_totp: bool = False
    totp_issuer: str = "西藏工业产品质量安全平台"

    proxy_timeout_seconds: float = 30.0
    proxy_connect_timeout_seconds: float = 3.0
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"
    https_only: bool = False

    @model_validator(mode="after")
    def _production_needs_keys(self) -> "Settings":
        if self.environment == "production" and self.jwt_private_key_file is None:
            raise ValueError("生产环境必须配置 JWT_PRIVATE_KEY_FILE")
        return self

    def upstreams(self) -> dict[str, str]:
        return {
            "registry": self.registry_url,
            "grading": self.grading_url,
            "inspection": self.inspection_url,
            "audit": self.audit_url,
        }
