"""Where the database server is: DATABASE_URL, or an embedded PostgreSQL (pgserver) under var/.

Each service has its own database on that server, named `qsrp_<service>`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url


def embedded_server(pgdata: Path, *, keep_running: bool = True) -> Any:
    """Start (or join) the embedded PostgreSQL 16 in `pgdata` and return the pgserver handle."""
    import pgserver  # dev/test dependency only

    pgdata.mkdir(parents=True, exist_ok=True)
    return pgserver.get_server(str(pgdata), cleanup_mode=None if keep_running else "stop")


def server_url(pgdata: Path, *, keep_running: bool = True) -> str:
    """The server URL: $DATABASE_URL if set, otherwise the embedded server's."""
    env = os.environ.get("DATABASE_URL")
    if env:
        return env
    return str(embedded_server(pgdata, keep_running=keep_running).get_uri())


def database_url(server: str, database: str) -> str:
    """The asyncpg URL of `database` on `server` (keeps host, socket directory and credentials)."""
    url = make_url(server).set(drivername="postgresql+asyncpg", database=database)
    return url.render_as_string(hide_password=False)


def service_database_name(service: str) -> str:
    return f"qsrp_{service}"
