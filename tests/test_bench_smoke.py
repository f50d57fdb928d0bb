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


def test_dashboard_bench_runs_small(stack: Stack) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import dashboard_bench
    from datagen import units

    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, dashboard_bench.run(
            stack, n_units=0, grow=300, requests=4, clients=2, per_client=3, baseline_runs=1, settle_timeout=60,
        )).result()
    for case in ("region", "prefecture"):
        assert results[f"overview_{case}_sequential"]["errors"] == 0
        assert results[f"overview_{case}_concurrent"]["errors"] == 0
        assert results[f"overview_{case}_concurrent"]["n"] == 6
    load, before, after = results["load"], results["before"], results["after"]
    # the registry: what it had plus the units loaded in this run that are in the archive (not closed)
    reg = load["registry"]
    assert reg["after"] - reg["before"] >= 300
    new = list(units(reg["after"] - reg["before"], seed=reg["seed"]))
    in_archive = sum(1 for u in new if u["status"] not in dashboard_bench.CLOSED)
    assert after["registry_units_total"] == before["registry_units_total"] + in_archive
    # grading: what it had plus the open units it was given (at least this run's, maybe earlier COPYs' too)
    assert load["grading"]["added"] >= len(new) and load["inspection"]["added"] >= len(new)
    gained = load["grading"]["added_active"] - load["grading"]["removed_active"]
    assert after["grading_units_total"] == before["grading_units_total"] + gained
    assert load["regrade"]["changed"] >= load["grading"]["added"]
    # the overview shows what counting directly finds
    direct = results["baseline"]["figures"]
    assert after["registry_units_total"] == direct["registry_units_total"]
    assert after["grading_units_total"] == direct["grading_units_total"]
    assert after["high_risk_units"] == direct["high_risk_units"]
    assert all(r["rows"] > 0 for s, r in results["refresh"].items() if s != "audit")
    import argparse

    args = argparse.Namespace(units=0, requests=4, clients=2, per_client=3)
    assert "≤ 300 ms" in dashboard_bench.report(results, args)
