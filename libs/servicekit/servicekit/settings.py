"""Settings shared by every service (pydantic-settings, environment first)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "dev-secret", "development-only-secret"}


class ServiceSettings(BaseSettings):
    """Configuration of one service; each service subclasses it with its own prefix-free fields."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    service_name: str = "service"
    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        default="postgresql+asyncpg://postgres@localhost/qsrp",
        description="SQLAlchemy URL of this service's own database.",
    )
    db_pool_size: int = 10
    db_max_overflow: int = 10
    log_level: str = "INFO"
    log_json: bool = True

    # Token verification: user tokens are signed by the gateway, service tokens by the
    # internal service key. Public keys come from files (or the gateway's JWKS URL).
    jwt_issuer: str = "qsrp-gateway"
    jwt_audience: str = "qsrp"
    jwt_public_key_file: Path | None = None
    jwks_url: str | None = None
    service_public_key_file: Path | None = None
    service_private_key_file: Path | None = None

    # Outbox relay: subscribers as "topic-prefix=http://host:port" pairs, comma separated.
    event_subscribers: str = ""
    outbox_poll_seconds: float = 0.5
    outbox_max_attempts: int = 12
    outbox_enabled: bool = True

    # Reminders (F9): recomputed at start and then every interval (a day); false in tests that drive them.
    reminder_interval_seconds: float = 86400
    reminders_enabled: bool = True
    # Dashboard figures (F6): recomputed at start and then every interval; false in tests that drive them.
    dashboard_interval_seconds: float = 300
    dashboard_enabled: bool = True
    # An on-demand refresh this soon after the last computation is answered by the last one.
    dashboard_min_refresh_seconds: float = 30
    # Audit trail hash chain (docs/decisions/0014): rows are sealed every interval, one replica at a
    # time; a transaction still open after max_wait is no longer waited for. False in tests that seal.
    audit_seal_enabled: bool = True
    audit_seal_interval_seconds: float = 5
    audit_seal_max_wait_seconds: float = 300

    # Base URLs of the other services, for typed clients.
    gateway_url: str = "http://127.0.0.1:8000"
    registry_url: str = "http://127.0.0.1:8001"
    grading_url: str = "http://127.0.0.1:8002"
    inspection_url: str = "http://127.0.0.1:8003"
    audit_url: str = "http://127.0.0.1:8004"
    http_timeout_seconds: float = 5.0
    http_retries: int = 2

    # Symmetric key (base64, 32 bytes) for personal information at rest.
    pii_key: str = "development-only-secret"
    pii_key_file: Path | None = None

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> ServiceSettings:
        if self.pii_key_file is not None:
            self.pii_key = self.pii_key_file.read_text(encoding="utf-8").strip()
        if self.environment == "production" and self.pii_key in PLACEHOLDER_SECRETS:
            raise ValueError("生产环境不得使用占位密钥：请设置 PII_KEY")
        return self

    def subscriber_map(self) -> list[tuple[str, str]]:
        """Parse EVENT_SUBSCRIBERS into (topic prefix, base url) pairs."""
        pairs: list[tuple[str, str]] = []
        for chunk in self.event_subscribers.split(","):
            chunk = chunk.strip()
            if not chunk:
                continue
            prefix, _, url = chunk.partition("=")
            pairs.append((prefix.strip(), url.strip().rstrip("/")))
        return pairs
