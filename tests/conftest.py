"""Black-box fixtures: the real platform (five processes, one PostgreSQL) on free ports."""

from __future__ import annotations

import random
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "tests"))

from national_double import NationalDouble
from stack import SERVICES, Stack

NATIONAL_SECRET = "test-secret-please-change"


def _ports_free(base: int, count: int) -> bool:
    for port in range(base, base + count):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def free_base_port(count: int = len(SERVICES)) -> int:
    for _ in range(50):
        base = random.randrange(20000, 40000, 10)
        if _ports_free(base, count):
            return base
    raise RuntimeError("no free ports")


@pytest.fixture(scope="session")
def national(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NationalDouble]:
    """The test double of the national platform, its own process; the stack's audit service pushes to it."""
    double = NationalDouble(tmp_path_factory.mktemp("national"), secret=NATIONAL_SECRET)
    double.start()
    try:
        yield double
    finally:
        double.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, national: NationalDouble) -> Iterator[Stack]:
    """The whole platform as separate processes; logs in test-artifacts/logs."""
    var_dir = tmp_path_factory.mktemp("stack")
    s = Stack(var_dir=var_dir, port=free_base_port(), environment="test",
              log_dir=REPO / "test-artifacts" / "logs",
              extra_env={"NATIONAL_URL": national.url, "NATIONAL_SECRET": NATIONAL_SECRET,
                         "NATIONAL_POLL_SECONDS": "0.3", "DASHBOARD_MIN_REFRESH_SECONDS": "0"})
    try:
        s.start()
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="session")
def gateway_url(stack: Stack) -> str:
    return stack.url()
