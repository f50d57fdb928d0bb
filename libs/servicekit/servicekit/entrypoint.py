"""Container entry: wait for the database, create it if missing, migrate, then exec uvicorn.

    python -m servicekit.entrypoint registry [--seed "python -m gateway.seed"]

Used by every Dockerfile so a container never serves before its schema is current.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from servicekit.migrations import ensure_database, upgrade_to_head


async def _wait_for_database(url: str, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            await ensure_database(url)
            return
        except (OSError, Exception) as exc:  # the server may still be starting
            if time.monotonic() > deadline:
                raise SystemExit(f"数据库在 {wait_seconds:.0f} 秒内不可用：{exc}") from exc
            await asyncio.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description="等待数据库、迁移、启动服务")
    parser.add_argument("service")
    parser.add_argument("--alembic-ini", default=None)
    parser.add_argument("--seed", default=None, help="迁移后运行的初始化命令")
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "1"))
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    ini = Path(args.alembic_ini or f"/app/services/{args.service}/alembic.ini")
    asyncio.run(_wait_for_database(url, float(os.environ.get("DB_WAIT_SECONDS", "60"))))
    upgrade_to_head(ini, url)
    if args.seed:
        subprocess.run(shlex.split(args.seed), check=True)
    os.execvp(sys.executable, [
        sys.executable, "-m", "uvicorn", "--factory", f"{args.service}.main:create_app", "--host", "0.0.0.0",
        "--port", str(args.port), "--workers", str(args.workers), "--no-access-log", "--proxy-headers",
    ])


if __name__ == "__main__":
    main()
