"""python -m grading.recompute [--as-of YYYY-MM-DD]: the full regrade from the command line."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import time

from sqlalchemy.ext.asyncio import async_sessionmaker

from grading.recompute.service import run_full
from grading.settings import Settings
from servicekit.clock import today_in_china
from servicekit.db import make_engine


async def main(as_of: dt.date) -> None:
    settings = Settings()
    engine = make_engine(settings.database_url)
    started = time.perf_counter()
    try:
        result = await run_full(async_sessionmaker(engine, expire_on_commit=False), today=as_of,
                                triggered_by="命令行")
    finally:
        await engine.dispose()
    print(json.dumps({**result, "seconds": round(time.perf_counter() - started, 2)}, ensure_ascii=False))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="全量重新分级")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="按哪一天计算（默认今天）")
    args = parser.parse_args()
    asyncio.run(main(args.as_of or today_in_china()))
