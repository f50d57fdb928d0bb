"""A small run of the export and field-app benchmarks' code, so `make bench` cannot rot.

The Slow 3G page loads of bench/field_bench.py are left out: they need a Playwright of their own,
and a second sync Playwright in the session the browser tests share would break theirs.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from stack import Stack

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

pytestmark = pytest.mark.stack


def test_export_bench_runs_small(stack: Stack) -> None:
    import export_bench
    from datagen import units

    # Its own thread and loop: the browser tests' Playwright may hold this thread's loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, export_bench.run(stack, n_units=0, prefecture="540100", runs=1,
                                                            grow=400)).result()
    load, scope = results["load"], results["scope"]
    added = list(units(load["added"], seed=load["seed"]))
    assert len(added) == 400
    in_scope = sum(1 for u in added if str(u["org_path"]).startswith(scope["org_path"] + "/"))
    assert in_scope > 0
    # the file holds every unit of Lhasa: those there before and those loaded now
    assert scope["rows"] == scope["rows_before_load"] + in_scope
    export = results["exports"][0]
    assert export["status"] == 200
    assert export["rows"] == scope["rows"]
    assert results["baseline"]["rows"] == results["baseline"]["rows_read_back"] == scope["rows"]
    assert export["memory"]["registry"]["peak_mb"] > 0 and results["baseline"]["peak_mb"] > 0
    assert results["during_export"]["status"] == 200 and results["during_export"]["requests"] >= 1
    args = argparse.Namespace(units=0, prefecture="540100", runs=1)
    text = export_bench.report(results, args)
    assert "≤ 30 s" in text and "≤ 200 MB" in text


def test_field_first_load_size_of_the_build() -> None:
    import field_bench

    if not (field_bench.DIST / "field" / "index.html").exists():
        pytest.fail("frontend/dist is missing: run `make frontend` (make test builds it)")
    size = field_bench.first_load_size()
    assert size["entry"] in size["files"]
    assert 0 < size["entry_kb"] <= size["first_visit_kb"] <= size["worst_kb"]
    assert size["raw_kb"] > size["first_visit_kb"]  # gzipped is smaller than the files
    text = field_bench.report(size, None, argparse.Namespace(runs=0))
    assert "≤ 200 KB" in text and f"{size['first_visit_kb']} KB" in text
