"""A small run of the benchmark code, so `make bench` cannot rot (the figures come from `make bench`)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from stack import Stack

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

pytestmark = pytest.mark.stack


def test_registry_bench_runs_small(stack: Stack) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import registry_bench

    # Its own thread and loop: the browser tests' Playwright may hold this thread's loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(
            asyncio.run, registry_bench.run(stack, n_units=300, import_rows=60, clients=3, requests=4)
        ).result()
    assert results["list_search_gateway"]["errors"] == 0
    assert results["list_search_gateway"]["n"] == results["list_search_direct_sql"]["n"] == 12
    assert results["import"]["status"] == "succeeded" and results["import"]["created"] == 60
    import argparse

    args = argparse.Namespace(units=300, import_rows=60, clients=3, rate=50.0, shared_buffers="128MB")
    assert "p95" in registry_bench.report(results, args)


def test_generated_units_are_valid() -> None:
    from datagen import units

    from registry.enterprises.credit_code import validate

    rows = list(units(200, seed=1))
    assert len({r["credit_code"] for r in rows}) == 200
    assert all(validate(str(r["credit_code"])).check_digit_ok for r in rows)
    assert all(str(r["org_path"]).startswith("540000/54") for r in rows)


def test_grading_bench_runs_small(pg_server_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import grading_bench

    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, grading_bench.run(pg_server_url, 2000, database="qsrp_bench_smoke")).result()
    assert results["full_recompute"]["changed"] == 2000
    assert results["unchanged_recompute"]["changed"] == 0
    assert results["one_percent_recompute"]["changed"] > 0
    assert results["import_chunk_500"]["changed"] > 0
    assert "full regrade" in grading_bench.report(results)
