"""Archive export benchmark: 100,000+ archive rows to xlsx through the gateway, beside a plain script.

    python bench/export_bench.py [--units 1000000] [--prefecture 540300] [--runs 2]

Starts the whole platform (tools/stack.py) on var/bench, the data the registry bench loaded, and:
1. makes sure the registry holds `--units` enterprises (registry_bench.load_units, COPY);
2. signs in as the officer of one prefecture (a user `bench-<code>` the region admin creates if it is
   missing) and downloads `GET /api/registry/v1/exports/enterprises.xlsx` through the gateway: the
   prefecture's whole archive, the list's default filters (at 1,000,000 units, 昌都市 540300 holds
   about 118,000 of them); end to end = request sent → last byte of the file received;
3. checks the file: its data rows, read back with python-calamine, are the prefecture's count in SQL;
4. samples the registry's (and the gateway's) resident memory every 50 ms during the export:
   peak minus what it held just before (the high-water mark is reset first where the kernel allows);
5. baseline in the same run, in a separate process: asyncpg fetches the very SQL the export runs
   (same rows, same columns, a server-side cursor) and xlsxwriter `constant_memory` writes them with
   the same headers and labels; its time and its peak memory, sampled the same way.
Targets: ≤ 30 s end to end, memory ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "bench"))

from machine import wait_quiet_async  # noqa: E402
from registry_bench import load_units, login, pg_dsn  # noqa: E402
from report import write_section  # noqa: E402
from stack import Stack  # noqa: E402

TARGET_SECONDS = 30.0
TARGET_MB = 200.0
BENCH_PASSWORD = "Bench#Export-2026"
HEADER_FIRST = "统一社会信用代码"


# -- memory -------------------------------------------------------------------------------
def _status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class RssSampler:
    """Peak resident memory of some processes, sampled every `interval` s in a thread.

    Before sampling, each process's high-water mark (VmHWM) is reset through /proc/<pid>/clear_refs
    where the kernel allows it, so VmHWM read afterwards also catches a peak between two samples.
    """

    def __init__(self, pids: dict[str, int], interval: float = 0.05) -> None:
        self.pids = pids
        self.interval = interval
        self.before: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.hwm_reset: dict[str, bool] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for name, pid in self.pids.items():
            try:
                self.peak[name] = max(self.peak.get(name, 0), _status_kb(pid, "VmRSS"))
            except (FileNotFoundError, ProcessLookupError):
                pass

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def start(self) -> RssSampler:
        for name, pid in self.pids.items():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
                self.hwm_reset[name] = True
            except OSError:
                self.hwm_reset[name] = False
            self.before[name] = _status_kb(pid, "VmRSS")
        self._sample()
        self._thread.start()
        return self

    def stop(self) -> dict[str, dict[str, float]]:
        self._sample()
        self._stop.set()
        self._thread.join()
        out: dict[str, dict[str, float]] = {}
        for name, pid in self.pids.items():
            peak = self.peak.get(name, 0)
            if self.hwm_reset.get(name):
                try:
                    peak = max(peak, _status_kb(pid, "VmHWM"))
                except (FileNotFoundError, ProcessLookupError):
                    pass
            before = self.before.get(name, 0)
            out[name] = {"before_mb": round(before / 1024, 1), "peak_mb": round(peak / 1024, 1),
                         "delta_mb": round((peak - before) / 1024, 1), "hwm_reset": self.hwm_reset.get(name, False)}
        return out


# -- the product's query and labels, for the baseline ------------------------------------------
def export_sql(org_path: str) -> tuple[str, list[Any]]:
    """The SQL the registry's export runs for an officer of `org_path`, compiled for asyncpg."""
    from sqlalchemy.dialects import postgresql

    from registry.enterprises.repository import EnterpriseFilters, scoped_list
    from registry.models import Enterprise
    from servicekit.auth import Principal

    principal = Principal(subject="bench", kind="user", username="bench", roles=frozenset({"prefecture_officer"}),
                          org_path=org_path)
    stmt = scoped_list(principal, EnterpriseFilters(sort="credit_code"), today=dt.date.today()).add_columns(
        Enterprise.size_year)
    compiled = stmt.compile(dialect=postgresql.asyncpg.dialect())  # type: ignore[attr-defined]
    return str(compiled), [compiled.params[k] for k in compiled.positiontup]  # type: ignore[union-attr]


def _labels(org_tree: list[dict[str, Any]], tags: dict[str, str]) -> dict[str, Any]:
    from registry.exports.router import ARCHIVE_HEADERS
    from registry.labels import ARCHIVE_STATUS_LABELS, STATUS_LABELS, UNIT_TYPE_LABELS
    from servicekit.orgs import flatten

    return {"names": {n.code: (n.short_name or n.name) for n in flatten(org_tree)}, "tags": tags,
            "unit_types": UNIT_TYPE_LABELS, "status": STATUS_LABELS, "archive_status": ARCHIVE_STATUS_LABELS,
            "headers": ARCHIVE_HEADERS}


# -- the baseline: its own process (bench/export_baseline.py) ---------------------------------
def run_baseline(job: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    script = REPO / "bench" / "export_baseline.py"
    proc = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=REPO)
    # Sample only once the child runs the script: between fork and exec it still holds this
    # process's pages. It then waits for its job on stdin.
    while script.name.encode() not in Path(f"/proc/{proc.pid}/cmdline").read_bytes():
        time.sleep(0.001)
    sampler = RssSampler({"baseline": proc.pid}).start()
    out, _ = proc.communicate(json.dumps(job).encode())
    wall = time.perf_counter() - started
    mem = sampler.stop()["baseline"]
    if proc.returncode != 0:
        raise RuntimeError(f"baseline worker failed ({proc.returncode})")
    result = json.loads(out)
    # The worker's own high-water mark also sees what happened between two samples.
    result["peak_mb"] = max(mem["peak_mb"], result["hwm_mb"])
    result["delta_mb"] = round(result["peak_mb"] - result["rss_start_mb"], 1)
    result["process_seconds"] = round(wall, 2)
    result["bytes"] = Path(job["out"]).stat().st_size
    return result


# -- the product ------------------------------------------------------------------------------
def count_data_rows(path: Path) -> int:
    """Rows below the header row of the workbook's first sheet, read back with python-calamine."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    header = next(i for i, r in enumerate(rows) if r and r[0] == HEADER_FIRST)
    return sum(1 for r in rows[header + 1:] if r and r[0] not in ("", None))


async def ensure_officer(base: str, prefecture: str) -> str:
    """A token of a prefecture officer of `prefecture` (the user `bench-<code>`, created when missing)."""
    username = f"bench-{prefecture}"
    admin = await login(base, "demo-region")
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/api/auth/v1/users", headers={"authorization": f"Bearer {admin}"}, json={
            "username": username, "display_name": f"导出基准（{prefecture}）", "password": BENCH_PASSWORD,
            "org_unit_code": prefecture, "roles": ["prefecture_officer"],
        }) as resp:
            if resp.status not in (201, 409):
                raise RuntimeError(f"creating {username}: {resp.status} {await resp.text()}")
        async with http.post(f"{base}/api/auth/v1/login", json={"username": username, "password": BENCH_PASSWORD}) as resp:
            body = await resp.json()
            if resp.status != 200:
                raise RuntimeError(f"login {username}: {resp.status} {body}")
            return str(body["access_token"])


async def list_probe(base: str, token: str, done: asyncio.Event, every: float = 0.5) -> list[float]:
    """Latencies of the officer's first list page, requested every `every` s until `done`."""
    samples: list[float] = []
    async with aiohttp.ClientSession() as http:
        while not done.is_set():
            started = time.perf_counter()
            async with http.get(f"{base}/api/registry/v1/enterprises", headers={"authorization": f"Bearer {token}"}) as r:
                await r.read()
            samples.append(time.perf_counter() - started)
            try:
                await asyncio.wait_for(done.wait(), timeout=max(0.0, every - samples[-1]))
            except TimeoutError:
                pass
    return samples


async def export_with_probe(base: str, token: str, out: Path, pids: dict[str, int]) -> dict[str, Any]:
    """An export while a colleague pages through the list: does the registry keep answering?"""
    done = asyncio.Event()
    probe = asyncio.create_task(list_probe(base, token, done))
    try:
        result = await export_once(base, token, out, pids)
    finally:
        done.set()
    samples = await probe
    return {"export_seconds": result["seconds"], "status": result["status"], "requests": len(samples),
            "p50_ms": round(statistics.median(samples) * 1000, 1) if samples else None,
            "max_ms": round(max(samples) * 1000, 1) if samples else None}


async def export_once(base: str, token: str, out: Path, pids: dict[str, int]) -> dict[str, Any]:
    sampler = RssSampler(pids).start()
    started = time.perf_counter()
    first_byte = None
    size = 0
    timeout = aiohttp.ClientTimeout(total=600)
    async with aiohttp.ClientSession(timeout=timeout) as http, http.get(
        f"{base}/api/registry/v1/exports/enterprises.xlsx", headers={"authorization": f"Bearer {token}"}
    ) as resp:
        with out.open("wb") as fh:
            async for chunk in resp.content.iter_chunked(256 * 1024):
                if first_byte is None:
                    first_byte = time.perf_counter() - started
                fh.write(chunk)
                size += len(chunk)
        status = resp.status
    seconds = time.perf_counter() - started
    mem = sampler.stop()
    result = {"status": status, "seconds": round(seconds, 2), "first_byte_seconds": round(first_byte or seconds, 2),
              "bytes": size, "memory": mem}
    if status != 200:
        # e.g. 504: the gateway gives a service 30 s (PROXY_TIMEOUT_SECONDS) for the whole response
        body = json.loads(out.read_bytes() or b"{}")
        return {**result, "rows": 0, "error": body.get("code", str(status))}
    return {**result, "rows": count_data_rows(out)}


async def _count(dsn: str, sql: str, *args: Any) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval(sql, *args))
    finally:
        await conn.close()


async def run(stack: Stack, *, n_units: int, prefecture: str = "540300", runs: int = 2,
              grow: int | None = None, probe: bool = True, quiet_below: float | None = None,
              quiet_wait: float = 0) -> dict[str, Any]:
    """Load units, export the prefecture's archive `runs` times, once more while the list is being
    paged (`probe`), and once with the baseline.

    With `grow`, exactly that many units are added to what is there (the smoke test's way).
    """
    server = stack.server_url()
    dsn = pg_dsn(server, "qsrp_registry")
    base = stack.url()
    org_path = f"540000/{prefecture}"
    in_scope = "SELECT count(*) FROM enterprise WHERE org_path = $1 OR org_path LIKE $1 || '/%'"
    existing = await _count(dsn, "SELECT count(*) FROM enterprise")
    scope_before = await _count(dsn, in_scope, org_path)
    target = existing + grow if grow is not None else n_units
    load = await load_units(dsn, target)
    load.update({"before": existing, "seed": 20231 + existing, "added": max(0, target - existing)})
    expected = await _count(dsn, in_scope, org_path)
    pids = {"registry": stack.processes["registry"].pid, "gateway": stack.processes["gateway"].pid}
    results: dict[str, Any] = {"load": load, "scope": {"prefecture": prefecture, "org_path": org_path,
                                                       "rows_before_load": scope_before, "rows": expected}}
    results["machine_load"] = await wait_quiet_async(quiet_below, quiet_wait)
    results["ran_at"] = time.strftime("%Y-%m-%d %H:%M")
    token = await ensure_officer(base, prefecture)  # after the wait: an access token lasts 10 minutes
    with tempfile.TemporaryDirectory(prefix="qsrp-export-bench-") as tmp:
        results["exports"] = [await export_once(base, token, Path(tmp) / f"export-{i}.xlsx", pids)
                              for i in range(runs)]
        if probe:
            results["during_export"] = await export_with_probe(base, token, Path(tmp) / "export-probe.xlsx", pids)
        # The baseline writes the same rows with the same labels: the org names the registry uses,
        # the tag names of its table.
        async with aiohttp.ClientSession() as http, http.get(
            f"{base}/api/auth/v1/org-units", headers={"authorization": f"Bearer {token}"}
        ) as resp:
            tree = (await resp.json())["items"]
        conn = await asyncpg.connect(dsn)
        tags = {r["code"]: r["name"] for r in await conn.fetch("SELECT code, name FROM category_tag")}
        await conn.close()
        sql, args = export_sql(org_path)
        job = {"dsn": dsn, "sql": sql, "args": args, "out": str(Path(tmp) / "baseline.xlsx"),
               "labels": _labels(tree, tags)}
        results["baseline"] = await asyncio.to_thread(run_baseline, job)
        results["baseline"]["rows_read_back"] = count_data_rows(Path(job["out"]))
    return results


# -- report ----------------------------------------------------------------------------------
def summary(results: dict[str, Any]) -> dict[str, Any]:
    exports = results["exports"]
    return {
        "seconds": round(statistics.median(e["seconds"] for e in exports), 2),
        "registry_delta_mb": max(e["memory"]["registry"]["delta_mb"] for e in exports),
        "registry_peak_mb": max(e["memory"]["registry"]["peak_mb"] for e in exports),
        "gateway_delta_mb": max(e["memory"]["gateway"]["delta_mb"] for e in exports),
        "rows_ok": all(e["rows"] == results["scope"]["rows"] for e in exports),
        "failed": [f"{e['error']} after {e['seconds']} s" for e in exports if e["status"] != 200],
    }


def report(results: dict[str, Any], args: argparse.Namespace, *, history: str = "") -> str:
    s, b, scope = summary(results), results["baseline"], results["scope"]
    exports = results["exports"]
    ok = [e for e in exports if e["status"] == 200] or exports
    first = ok[0]
    mem = first["memory"]["registry"]
    met_time = not s["failed"] and s["seconds"] <= TARGET_SECONDS
    met_mem = s["registry_delta_mb"] <= TARGET_MB
    load = results["load"]
    failed = f"; **{len(s['failed'])} failed**: {', '.join(s['failed'])}" if s["failed"] else ""
    lines = [
        "## Registry: archive export to xlsx",
        "",
        f"Run {results.get('ran_at') or time.strftime('%Y-%m-%d %H:%M')} on {platform.node()}: {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, PostgreSQL 16 (embedded pgserver), xlsxwriter {_version('xlsxwriter')}, "
        f"SQLAlchemy {_version('sqlalchemy')}, asyncpg {_version('asyncpg')}"
        + f"; one-minute load average when measuring began {results['machine_load']}. Reproduce: `make bench` "
        f"(or `python bench/export_bench.py --units {args.units} --prefecture {args.prefecture} --runs {args.runs}"
        f"{' --quiet-below ' + format(args.quiet_below, 'g') if getattr(args, 'quiet_below', None) else ''}`).",
        "",
        f"Data: {load['units']:,} enterprises (bench/datagen.py, registry_bench's COPY loader"
        + (f", {load['added']:,} loaded in this run in {load['seconds']} s" if load.get("seconds") else
           ", loaded in an earlier run and kept in var/bench") + f"). The export: the whole archive of prefecture "
        f"{scope['prefecture']} (`{scope['org_path']}`) as its prefecture officer (the list's default filters): "
        f"**{scope['rows']:,} rows** of 17 columns, through the gateway.",
        "",
        "| what | target | measured | baseline in the same run |",
        "|---|---|---|---|",
        f"| export of {scope['rows']:,} archive rows to xlsx, end to end (request → last byte; median of "
        f"{len(exports)}: {', '.join(str(e['seconds']) for e in exports)} s{failed}) | ≤ {TARGET_SECONDS:g} s "
        f"| **{s['seconds']} s** ({first['bytes'] / 1e6:.1f} MB file, first byte after {first['first_byte_seconds']} s; "
        f"{first['rows']:,} data rows read back with python-calamine, "
        f"{'equal to' if s['rows_ok'] else '**not** equal to'} the count in SQL) "
        f"| asyncpg server-side cursor + xlsxwriter constant_memory in a process of its own: **{b['seconds']} s** "
        f"({b['rows']:,} rows, {b['bytes'] / 1e6:.1f} MB; process start to exit {b['process_seconds']} s) |",
        f"| registry process memory during the export: peak minus before (RSS sampled every 50 ms, high-water mark "
        f"reset first) | ≤ {TARGET_MB:g} MB | **+{s['registry_delta_mb']} MB** ({mem['before_mb']} → {mem['peak_mb']} MB; "
        f"highest of the runs {s['registry_peak_mb']} MB) | the baseline process: +{b['delta_mb']} MB "
        f"({b['rss_start_mb']} MB after start-up → peak {b['peak_mb']} MB) |",
        f"| gateway process memory while passing the file on | — | +{s['gateway_delta_mb']} MB "
        f"(peak {first['memory']['gateway']['peak_mb']} MB) | — |",
    ]
    probe = results.get("during_export")
    if probe:
        lines.append(
            f"| the officer's list page, requested every 0.5 s during one more export ({probe['export_seconds']} s) "
            f"| — | {probe['requests']} requests: p50 {probe['p50_ms']} ms, slowest {probe['max_ms']} ms | — |")
    lines += [
        "",
        f"Verdict: time {'**met**' if met_time else '**not met**'} ({s['seconds']} s of {TARGET_SECONDS:g} s"
        f"{', with failures' if s['failed'] else ''}; {s['seconds'] / max(b['seconds'], 0.01):.1f}× the baseline's time); "
        f"memory {'**met**' if met_mem else '**not met**'} (the registry grows by {s['registry_delta_mb']} MB of "
        f"{TARGET_MB:g} MB).",
    ]
    if history:
        lines += ["", history]
    return "\n".join(lines) + "\n"


def _version(package: str) -> str:
    from importlib.metadata import version

    try:
        return version(package)
    except Exception:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--prefecture", default="540300", help="the prefecture whose archive is exported")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--port", type=int, default=18600)
    parser.add_argument("--var", default=str(REPO / "var" / "bench"))
    parser.add_argument("--write", default=str(REPO / "docs" / "benchmarks.md"))
    parser.add_argument("--quiet-below", type=float, default=None,
                        help="before measuring, wait until the one-minute load average is below this")
    parser.add_argument("--quiet-wait", type=float, default=900, help="… for at most this many seconds")
    parser.add_argument("--history", default="", help="a paragraph (or a file holding it) for the report")
    args = parser.parse_args()
    stack = Stack(var_dir=Path(args.var), port=args.port, environment="test", log_dir=Path(args.var) / "logs")
    try:
        stack.start()
        results = asyncio.run(run(stack, n_units=args.units, prefecture=args.prefecture, runs=args.runs,
                                  quiet_below=args.quiet_below, quiet_wait=args.quiet_wait))
    finally:
        stack.stop()
    print(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    if args.write:
        history = Path(args.history).read_text(encoding="utf-8") if args.history and Path(args.history).exists() \
            else args.history
        write_section(Path(args.write), "export", report(results, args, history=history))
        print(f"written to {args.write}")


if __name__ == "__main__":
    main()
