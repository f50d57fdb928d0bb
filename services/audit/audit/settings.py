from pathlib import Path
from typing import Literal

from pydantic import model_validator

from servicekit.settings import PLACEHOLDER_SECRETS, ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "audit"
    database_url: str = "postgresql+asyncpg://postgres@localhost/qsrp_audit"

    # The national platform (市场监管总局监管督查信息化平台); docs/integration/national-platform.md.
    national_url: str = ""  # empty: records are queued and kept, nothing is sent
    national_app_id: str = "xz540000"
    national_secret: str = "development-only-secret"
    national_secret_file: Path | None = None
    national_sign_method: Literal["HMAC-SM3", "HMAC-SHA256"] = "HMAC-SM3"
    national_max_attempts: int = 10
    national_poll_seconds: float = 1.0
    national_timeout_seconds: float = 10.0
    national_push_enabled: bool = True

    @model_validator(mode="after")
    def _national_secret(self) -> "Settings":
        if self.national_secret_file is not None:
            self.national_secret = self.national_secret_file.read_text(encoding="utf-8").strip()
        if self.environment == "production" and self.national_url and self.national_secret in PLACEHOLDER_SECRETS:
            raise ValueError("生产环境不得使用占位的总局平台密钥：请设置 NATIONAL_SECRET 或 NATIONAL_SECRET_FILE")
        return self
