"""Alembic helpers shared by every service: database creation, env.py body, upgrade to head."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine


async def ensure_database(url: str) -> bool:
    """Create the database named in `url` if it does not exist; True when created."""
    target = make_url(url)
    name = target.database
    assert name, "database URL must name a database"
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    try:
        async with admin.connect() as conn:
            exists = await conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if exists:
                return False
            await conn.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
            return True
    finally:
        await admin.dispose()


async def drop_database(url: str) -> None:
    target = make_url(url)
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    finally:
        await admin.dispose()


def alembic_config(alembic_ini: Path, url: str) -> Config:
    cfg = Config(str(alembic_ini))
    cfg.set_main_option("script_location", str(alembic_ini.parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_to_head(alembic_ini: Path, url: str) -> None:
    """Apply every migration (synchronous; runs its own event loop inside env.py)."""
    command.upgrade(alembic_config(alembic_ini, url), "head")


def run_env(target_metadata: MetaData) -> None:
    """The body of each service's migrations/env.py (online, async engine)."""
    config = context.config
    url = config.get_main_option("sqlalchemy.url")
    assert url

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(run_async())
    else:  # called from inside a running loop (tests): run in a fresh thread's loop
        import threading

        errors: list[BaseException] = []

        def target() -> None:
            try:
                asyncio.run(run_async())
            except BaseException as exc:  # re-raised below in the caller's thread
                errors.append(exc)

        t = threading.Thread(target=target)
        t.start()
        t.join()
        if errors:
            raise errors[0]
