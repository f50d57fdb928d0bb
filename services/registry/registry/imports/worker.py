"""The background worker that runs import jobs; one per process, safe with several replicas."""

from __future__ import annotations

import asyncio
import logging
import os
import socket

from fastapi import FastAPI

from registry.imports.service import claim_next, run_job

log = logging.getLogger("registry.imports.worker")


async def process_pending(app: FastAPI, *, worker: str = "inline") -> int:
    """Run every claimable job now; returns how many ran (tests call this directly)."""
    ran = 0
    while True:
        job_id = await claim_next(app.state.sessionmaker, worker)
        if job_id is None:
            return ran
        await run_job(app.state.sessionmaker, job_id, directory=app.state.org_directory, cipher=app.state.cipher,
                      today=app.state.clock())
        ran += 1


class ImportWorker:
    def __init__(self, app: FastAPI, *, poll_seconds: float = 1.0) -> None:
        self.app = app
        self.poll_seconds = poll_seconds
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                await process_pending(self.app, worker=self.name)
            except Exception:
                log.exception("import worker iteration failed")
            try:
                await asyncio.wait_for(self._stop.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                pass

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="import-worker")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task


async def start_worker(app: FastAPI) -> None:
    app.state.import_worker = ImportWorker(app)
    app.state.import_worker.start()


async def stop_worker(app: FastAPI) -> None:
    worker: ImportWorker | None = getattr(app.state, "import_worker", None)
    if worker is not None:
        await worker.stop()
