"""API client keys: what an external system (the national platform) exchanges for a token."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, ForeignKey, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base, IdMixin


class ApiClientKey(IdMixin, Base):
    """One key: a public `key_id` and a secret stored only as an argon2 hash.

    The key is bound to an org unit; the tokens it buys carry that unit's path, so the
    services scope an API client's reads like anyone else's.
    """

    __tablename__ = "api_client_key"

    name: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[str] = mapped_column(String(40), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(Text))
    org_unit_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("org_unit.id"))
    org_unit_code: Mapped[str] = mapped_column(String(20))
    org_path: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(120))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
