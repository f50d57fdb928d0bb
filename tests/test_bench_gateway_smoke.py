"""A small run of bench/gateway_bench.py, so `make bench` cannot rot (the figures come from `make bench`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from stack import SERVICES, Stack

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

pytestmark = pytest.mark.stack


def test_gateway_bench_runs_small(stack: Stack) -> None:
    import gateway_bench

    # Its own thread and loop: the browser tests' Playwright may hold this thread's loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(
            asyncio.run, gateway_bench.run(stack, requests=30, clients=3, rounds=2, idle_seconds=0.5)
        ).result()
    overhead = results["overhead"]
    if gateway_bench.nginx_binary() is None:
        # CI machines have no nginx: the baseline is skipped, and says so (not silently).
        assert "nginx" not in overhead
        assert gateway_bench.NGINX_MISSING in results["notices"]
        assert "apt-get install nginx" in gateway_bench.NGINX_MISSING
    else:
        assert gateway_bench.NGINX_MISSING not in results["notices"]
        assert "nginx" in overhead and results["ratios"]["nginx_vs_direct"]["throughput"] > 0
    for target, figures in overhead.items():
        assert figures["errors"] == 0, target
        assert figures["n"] == 30 and figures["rps"] > 0 and figures["p99_ms"] >= figures["p50_ms"] > 0
    assert results["ratios"]["gateway_vs_direct"]["throughput"] > 0
    assert results["machine_load"]["others_cores"] >= 0
    memory = results["memory"]
    assert memory["warmup_errors"] == 0
    for reading in ("rss_mb", "rss_after_load_mb"):
        assert set(memory[reading]) == set(SERVICES) and len(SERVICES) == 5
        assert all(10 < mb < 4096 for mb in memory[reading].values()), memory[reading]
    args = argparse.Namespace(units=0, requests=30, clients=3, rounds=2)
    text = gateway_bench.report(results, args)
    assert "| gateway throughput" in text and "idle RSS" in text
    if "nginx" not in overhead:
        assert "nginx not run" in text and "apt-get install nginx" in text


def test_gateway_bench_without_nginx_says_so(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    import gateway_bench

    monkeypatch.setattr(gateway_bench, "nginx_binary", lambda: None)
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(
            asyncio.run, gateway_bench.run(stack, requests=10, clients=2, rounds=1, idle_seconds=0)
        ).result()
    assert set(results["overhead"]) == {"direct", "gateway"}
    assert gateway_bench.NGINX_MISSING in results["notices"] and "apt-get install nginx" in gateway_bench.NGINX_MISSING
    text = gateway_bench.report(results, argparse.Namespace(units=0, requests=10, clients=2, rounds=1))
    assert "**nginx not run**" in text and "apt-get install nginx" in text
