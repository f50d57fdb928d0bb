"""The machine a benchmark runs on: its load, and waiting for it to be quiet before measuring."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path


def load_average() -> float:
    """The one-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def wait_quiet(below: float | None, wait_seconds: float, *, every: float = 15.0) -> str:
    """Wait (at most `wait_seconds`) until the one-minute load is below `below`, and describe the
    load when measuring starts, e.g. "0.62 (waited 45 s …)". `below=None` does not wait."""
    started = time.monotonic()
    while below is not None and load_average() >= below and time.monotonic() - started < wait_seconds:
        time.sleep(every)
    return _describe(below, time.monotonic() - started)


async def wait_quiet_async(below: float | None, wait_seconds: float, *, every: float = 15.0) -> str:
    """wait_quiet inside an event loop (and cancelled with it, by Ctrl-C)."""
    started = time.monotonic()
    while True:
        if below is None or load_average() < below or time.monotonic() - started >= wait_seconds:
            return _describe(below, time.monotonic() - started)
        await asyncio.sleep(every)


def _describe(below: float | None, waited: float) -> str:
    note = f" (waited {waited:.0f} s for it to fall below {below:g})" if waited >= 1 else ""
    if below is not None and load_average() >= below:
        note = f" (still not below {below:g} after {waited:.0f} s)"
    return f"{load_average():.2f}{note}"
