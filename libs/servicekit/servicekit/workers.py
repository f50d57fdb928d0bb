"""A background loop in the service's process: `run_once()` until stopped, pausing when idle.

The outbox relay and the audit service's national pusher are both this: a database-driven
worker that keeps trying while the database or the other side is down."""

from __future__ import annotations

import asyncio
import logging
import time
from abc import ABC, abstractmethod

import httpx

log = logging.getLogger("servicekit.workers")


class PollingWorker(ABC):
    """Subclasses set `poll_seconds`, `http_timeout`, `name` and implement `run_once(client) -> done`."""

    poll_seconds: float = 0.5
    http_timeout: float = 5.0
    name: str = "worker"

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    @abstractmethod
    async def run_once(self, client: httpx.AsyncClient) -> int:
        """One pass; returns how much it did (0: nothing to do, so the loop pauses)."""

    async def _loop(self) -> None:
        async with httpx.AsyncClient(timeout=self.http_timeout) as client:
            while not self._stopping.is_set():
                try:
                    done = await self.run_once(client)
                except Exception:  # the database may be down for a while: keep trying
                    log.exception("%s iteration failed", self.name)
                    done = 0
                if done == 0:
                    try:
                        await asyncio.wait_for(self._stopping.wait(), timeout=self.poll_seconds)
                    except TimeoutError:
                        pass

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is not None:
            await self._task
            self._task = None


class PeriodicJob(PollingWorker):
    """A worker that does its job at start and then every `interval` seconds (the reminder and
    dashboard jobs); `run_now()` also serves on-demand runs and records when it last ran."""

    def __init__(self, *, interval: float, poll_seconds: float) -> None:
        super().__init__()
        self.interval, self.poll_seconds = interval, poll_seconds
        self.last_run: float | None = None

    @abstractmethod
    async def run_now(self) -> dict[str, int]:
        """One run of the job; what it did, by name."""

    async def run_once(self, client: httpx.AsyncClient) -> int:
        if self.last_run is None or time.monotonic() - self.last_run >= self.interval:
            self.last_run = time.monotonic()
            await self.run_now()
        return 0
