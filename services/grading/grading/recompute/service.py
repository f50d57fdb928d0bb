"""Running the full recompute: from the admin API (in the background), the CLI, or the daily job.

One run at a time (an advisory lock); a run is recorded in `recompute_run`.
The daily job makes time-based rules take effect: risks older than 2 years stop counting, a
rule set whose effective date arrives applies.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from grading.models import RecomputeRun
from grading.recompute.sql import recompute, refresh_risk_counts
from grading.rules.repository import active_rules
from servicekit.db import utcnow

log = logging.getLogger("grading.recompute")
LOCK_KEY = 0x6772616465  # "grade"


WORKERS = 1
PARALLEL_FROM = 50_000


async def _page_ranges(s: AsyncSession, parts: int) -> list[tuple[int, int]]:
    """`unit`'s heap split into `parts` page ranges (read with TID range scans, no index)."""
    pages = int(await s.scalar(text("SELECT pg_relation_size('unit') / current_setting('block_size')::int")) or 0) + 1
    step = -(-pages // parts)
    # the last range is open-ended: rows added while we run land in new pages
    return [(lo, lo + step if lo + step < pages else 2**31 - 1) for lo in range(0, pages, step)]


async def run_full(
    sessionmaker: async_sessionmaker[AsyncSession], *, today: dt.date, triggered_by: str, run_id: int | None = None,
    workers: int = WORKERS,
) -> dict[str, int]:
    """Recompute every unit: the table split into `workers` page ranges, each recomputed in its own
    transaction on its own connection at the same time (both cores of a small server). The
    recompute is idempotent, so a run that stops half-way is completed by the next.
    Only one run at a time (a session advisory lock, which bulk imports also take per transaction)."""
    async with sessionmaker() as s, s.begin():
        if run_id is None:
            run = RecomputeRun(as_of=today, triggered_by=triggered_by)
            s.add(run)
            await s.flush()
            run_id = run.id
    async with sessionmaker() as lock_session:
        conn = await lock_session.connection()
        await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_KEY})
        try:
            async with sessionmaker() as s, s.begin():
                rules = await active_rules(s, today)
                await refresh_risk_counts(s, today=today)
                units = int(await s.scalar(text("SELECT count(*) FROM unit")) or 0)
                # splitting pays only for large tables
                ranges = await _page_ranges(s, max(1, workers) if units >= PARALLEL_FROM else 1)
            totals = {"changed": 0, "moved": 0, "events": 0}
            queue: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
            for r in ranges:
                queue.put_nowait(r)

            async def worker() -> None:
                while not queue.empty():
                    pages = queue.get_nowait()
                    async with sessionmaker() as s, s.begin():
                        await s.execute(text("SET LOCAL work_mem = '384MB'"))
                        # event chunks arrive in order: group them by sorting rather than hashing
                        await s.execute(text("SET LOCAL enable_hashagg = off"))
                        part = await recompute(s, rules, today=today, pages=pages, refresh_risks=False,
                                               actor=triggered_by, reason="全量重新分级")
                    for k in totals:
                        totals[k] += part[k]

            await asyncio.gather(*(worker() for _ in range(max(1, min(workers, len(ranges))))))
            async with sessionmaker() as s, s.begin():
                await s.execute(update(RecomputeRun).where(RecomputeRun.id == run_id).values(
                    finished_at=utcnow(), units=units, changed=totals["changed"]))
        finally:
            await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
            await lock_session.commit()
    log.info("recompute done", extra={"as_of": str(today), **totals})
    return {"run_id": run_id, "units": units, **totals}


class DailyRecompute:
    """Runs the full recompute once each day, shortly after the day changes in China."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], clock: Callable[[], dt.date],
                 *, poll_seconds: float = 600) -> None:
        self.sessionmaker, self.clock, self.poll_seconds = sessionmaker, clock, poll_seconds
        self._task: asyncio.Task[None] | None = None

    async def _last_day(self) -> dt.date | None:
        async with self.sessionmaker() as s:
            return await s.scalar(select(RecomputeRun.as_of).where(RecomputeRun.finished_at.isnot(None))
                                  .order_by(RecomputeRun.as_of.desc()).limit(1))

    async def _loop(self) -> None:
        while True:
            try:
                today = self.clock()
                if await self._last_day() != today:
                    await run_full(self.sessionmaker, today=today, triggered_by="每日定时任务")
            except asyncio.CancelledError:
                raise
            except Exception:  # the next round retries; the error is logged with its trace
                log.exception("daily recompute failed")
            await asyncio.sleep(self.poll_seconds)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="grading-daily-recompute")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
