"""Dashboard benchmark (F6): the home page's figures at 1,000,000 units, beside counting them on request.

    python bench/dashboard_bench.py [--units 1000000] [--requests 50] [--clients 5] [--per-client 20]

Starts the whole platform (tools/stack.py) on var/bench, the data the registry bench loaded, and:
1. makes sure the registry holds `--units` enterprises (registry_bench.load_units, COPY), and that
   grading and inspection hold their copy of every one of them and no other, as their event handlers
   would have written it (COPY here, since a COPY into the registry emits no events); grading gets risk
   events for 1 % of the new units and credit classes for 0.5 % (as in grading_bench), high-risk
   designations for 0.1 % with a visit for about 60 % of those, then grades them with its own full
   recompute (whose `grades.recomputed` events the registry and inspection then mirror);
2. runs each service's dashboard job once (`POST /internal/dashboard/refresh`, service token)
   and records how long it took (informational);
3. measures `GET /api/dashboard/v1/overview` through the gateway, for the region (a region
   officer) and for a prefecture (Lhasa's officer): sequential requests, then concurrent clients;
   each service's own `/v1/dashboard` for the region beside it, to see where the time goes;
4. baseline in the same run: what the registry's and grading's figures cost without
   precomputation — their `compute()` (the very SQL the job runs, over every unit) run directly
   and concurrently, as a dashboard that counted on request would have to for the region.
Target: the overview ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import asyncpg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "bench"))

from registry_bench import _percentiles, load_units, login, pg_dsn  # noqa: E402
from report import write_section  # noqa: E402
from stack import Stack  # noqa: E402

if TYPE_CHECKING:
    from servicekit.auth import ServiceTokenIssuer

SERVICES = ("registry", "grading", "inspection", "audit")
REGION, LHASA = "540000", "540000/540100"
CLOSED = ["deregistered", "revoked", "moved_out"]
GRADING_LOCK_KEY = 0x6772616465  # grading.recompute.service.LOCK_KEY: one full recompute at a time
REGISTRY_SEED = 20231  # registry_bench.load_units generates units(n - existing, seed=REGISTRY_SEED + existing)

# What grading and inspection keep of each registry unit (their event handlers' columns).
MIRROR_SOURCE = """
    SELECT id, credit_code, name, unit_types, employees, revenue_wan, org_path, status, key_tags, archived_on, version
    FROM enterprise
"""
MIRROR_TABLE = """
    CREATE TEMP TABLE bench_mirror (id uuid, credit_code varchar, name varchar, unit_types varchar[], employees int,
        revenue_wan numeric, org_path text, status varchar, key_tags varchar[], archived_on date, version int)
"""
INSERT_GRADING = """
    WITH ins AS (
      INSERT INTO unit (enterprise_id, credit_code, name, unit_types, employees, revenue_wan, org_path, status, active,
                        source_version, responsible_recorded_late, major_risks, larger_risks, accident, updated_at)
      SELECT id, credit_code, name, unit_types, employees, revenue_wan, org_path, status, status <> ALL($1::text[]),
             version, false, 0, 0, false, now()
      FROM bench_mirror
      ON CONFLICT (enterprise_id) DO NOTHING
      RETURNING enterprise_id, org_path, active
    )
    INSERT INTO bench_new SELECT * FROM ins
"""
INSERT_INSPECTION = """
    WITH ins AS (
      INSERT INTO unit_ref (enterprise_id, credit_code, name, unit_types, org_path, status, active, source_version,
                            key_tags, archived_on)
      SELECT id, credit_code, name, unit_types, org_path, status, status <> ALL($1::text[]), version,
             coalesce(key_tags, '{}'), archived_on
      FROM bench_mirror
      ON CONFLICT (enterprise_id) DO NOTHING
      RETURNING enterprise_id, org_path, active
    )
    INSERT INTO bench_new SELECT * FROM ins
"""
# Grading's inputs beyond the registry's, spread as grading_bench spreads them ($1 = today).
GRADING_EXTRAS = [
    """INSERT INTO risk_event (id, enterprise_id, severity, source, found_on, summary, org_path, withdrawn, received_at)
       SELECT gen_random_uuid(), n.enterprise_id, (ARRAY['general', 'larger', 'major', 'major'])[1 + floor(random() * 4)::int],
              (ARRAY['inspection', 'sampling', 'complaint', 'accident'])[1 + floor(random() * 4)::int],
              $1::date - (1 + floor(random() * 1000))::int, '基准测试风险', n.org_path, false, now()
       FROM (SELECT *, 1 + floor(random() * 4)::int AS k FROM bench_new WHERE random() < 0.01) n
       CROSS JOIN LATERAL generate_series(1, n.k)""",
    """UPDATE unit SET credit_risk_class = (ARRAY['higher', 'high'])[1 + floor(random() * 2)::int]
       WHERE enterprise_id IN (SELECT enterprise_id FROM bench_new WHERE random() < 0.005)""",
    """INSERT INTO high_risk (id, enterprise_id, designating_org_code, designating_org_path, designated_on, reason,
                             designated_by, created_at)
       SELECT gen_random_uuid(), enterprise_id, split_part(org_path, '/', 3),
              array_to_string((string_to_array(org_path, '/'))[1:3], '/'), $1::date - floor(random() * 400)::int,
              '基准测试：很可能发生重大质量安全风险', 'bench', now()
       FROM bench_new WHERE active AND random() < 0.001""",
    """INSERT INTO visit (id, enterprise_id, visited_on, inspector, summary)
       SELECT gen_random_uuid(), h.enterprise_id, $1::date - floor(random() * 200)::int, 'bench', '基准测试检查'
       FROM high_risk h JOIN bench_new n USING (enterprise_id) WHERE random() < 0.6""",
]
ID_SUM = "coalesce(sum(hashtext({id}::text)::bigint), 0)"
# grading's rows of a unit besides `unit` (its history stays, as history does)
ORPHANED_GRADING = ("unit_grade", "risk_event", "high_risk", "visit")
PENDING_EVENTS = """
    SELECT (SELECT count(*) FROM outbox_event WHERE NOT fanned_out)
         + (SELECT count(*) FROM outbox_delivery WHERE status = 'pending')
"""


def today() -> dt.date:
    from servicekit.clock import today_in_china

    return today_in_china()


async def scalar(dsn: str, sql: str, *args: Any) -> Any:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


async def _fetch(dsn: str, sql: str) -> list[Any]:
    conn = await asyncpg.connect(dsn)
    try:
        return list(await conn.fetch(sql))
    finally:
        await conn.close()


async def load_registry(dsn: str, n: int) -> dict[str, Any]:
    """registry_bench's loader, with the counts before and after (the new rows are reproducible from them)."""
    before = int(await scalar(dsn, "SELECT count(*) FROM enterprise"))
    loaded = await load_units(dsn, n)
    after = int(await scalar(dsn, "SELECT count(*) FROM enterprise"))
    return {**loaded, "before": before, "after": after, "seed": REGISTRY_SEED + before}


async def mirror(registry_dsn: str, dsn: str, service: str, *, as_of: dt.date, prune: bool) -> dict[str, Any]:
    """Copy into `service` the registry's units it does not hold; with `prune` (the benchmark's own data only),
    also remove the ones the registry no longer has (left by events of bench runs whose rows were since deleted)."""
    table = "unit" if service == "grading" else "unit_ref"
    started = time.perf_counter()
    ours = await _fetch(dsn, f"SELECT count(*) AS n, {ID_SUM.format(id='enterprise_id')} AS h FROM {table}")
    theirs = await _fetch(registry_dsn, f"SELECT count(*) AS n, {ID_SUM.format(id='id')} AS h FROM enterprise")
    if tuple(ours[0]) == tuple(theirs[0]):  # the same units (a count and a sum of hashes of their ids)
        return {"units": int(ours[0]["n"]), "added": 0, "added_active": 0, "removed": 0, "removed_active": 0,
                "seconds": round(time.perf_counter() - started, 1)}
    src, conn = await asyncpg.connect(registry_dsn), await asyncpg.connect(dsn)
    try:
        await conn.execute(MIRROR_TABLE)
        await conn.execute("CREATE TEMP TABLE bench_new (enterprise_id uuid, org_path text, active boolean)")
        with tempfile.TemporaryFile() as buf:
            await src.copy_from_query(MIRROR_SOURCE, output=buf, format="binary")
            buf.seek(0)
            await conn.copy_to_table("bench_mirror", source=buf, format="binary")
        await conn.execute("ANALYZE bench_mirror")
        async with conn.transaction():
            await conn.execute(f"""CREATE TEMP TABLE bench_gone AS SELECT enterprise_id, active FROM {table} t
                                   WHERE {str(prune).lower()}
                                     AND NOT EXISTS (SELECT 1 FROM bench_mirror m WHERE m.id = t.enterprise_id)""")
            for dependent in (ORPHANED_GRADING if service == "grading" else ()) + (table,):
                await conn.execute(f"DELETE FROM {dependent} WHERE enterprise_id IN (SELECT enterprise_id FROM bench_gone)")
            await conn.execute(INSERT_GRADING if service == "grading" else INSERT_INSPECTION, CLOSED)
            if service == "grading":
                await conn.execute("SELECT setseed(0.2023)")
                for sql in GRADING_EXTRAS:
                    await conn.execute(sql, *([as_of] if "$1" in sql else []))
        added = await conn.fetchrow("SELECT count(*) AS n, count(*) FILTER (WHERE active) AS active FROM bench_new")
        removed = await conn.fetchrow("SELECT count(*) AS n, count(*) FILTER (WHERE active) AS active FROM bench_gone")
        if added["n"] or removed["n"]:
            await conn.execute(f"ANALYZE {table}")
        return {"units": int(await conn.fetchval(f"SELECT count(*) FROM {table}")), "added": int(added["n"]),
                "added_active": int(added["active"]), "removed": int(removed["n"]),
                "removed_active": int(removed["active"]),
                "seconds": round(time.perf_counter() - started, 1)}
    finally:
        await src.close()
        await conn.close()


async def regrade(grading_url: str, as_of: dt.date) -> dict[str, Any]:
    """Grading's own full recompute (only the units whose result changes are written, with events)."""
    from grading.recompute.service import run_full
    from servicekit.db import make_engine, make_sessionmaker

    engine = make_engine(grading_url, pool_size=2, max_overflow=0)
    try:
        started = time.perf_counter()
        result = await run_full(make_sessionmaker(engine), today=as_of, triggered_by="dashboard bench")
        return {**result, "seconds": round(time.perf_counter() - started, 1)}
    finally:
        await engine.dispose()


async def settle(dsns: dict[str, str], wait_seconds: float) -> dict[str, Any]:
    """Wait until no full regrade runs and every service's outbox has delivered (the figures stay still)."""
    started = time.perf_counter()
    conn = await asyncpg.connect(dsns["grading"])
    try:  # a daily recompute started with the stack holds this lock until it is done
        await conn.execute("SELECT pg_advisory_lock($1)", GRADING_LOCK_KEY)
        await conn.execute("SELECT pg_advisory_unlock($1)", GRADING_LOCK_KEY)
    finally:
        await conn.close()
    pending = 0
    while time.perf_counter() - started < wait_seconds:
        pending = sum([int(await scalar(dsns[s], PENDING_EVENTS)) for s in ("registry", "grading", "inspection")])
        if not pending:
            break
        await asyncio.sleep(2)
    return {"seconds": round(time.perf_counter() - started, 1), "pending_events_left": pending}


def service_tokens(stack: Stack) -> ServiceTokenIssuer:
    """A service-token issuer signed with the stack's internal key (`.token()` renews it when due)."""
    from servicekit import keys
    from servicekit.auth import ServiceTokenIssuer

    return ServiceTokenIssuer(keys.load_private_key(stack.var_dir / "keys" / "service.pem"), service="bench",
                              issuer="qsrp-gateway", audience="qsrp")


async def refresh_all(stack: Stack, issuer: ServiceTokenIssuer) -> dict[str, Any]:
    """Each service's dashboard job, one after the other (retried while the periodic run holds its lock)."""
    out: dict[str, Any] = {}
    async with aiohttp.ClientSession() as http:
        for service in SERVICES:
            for _ in range(600):
                started = time.perf_counter()
                async with http.post(f"{stack.url(service)}/internal/dashboard/refresh",
                                     headers={"authorization": f"Bearer {issuer.token()}"}) as resp:
                    body = await resp.json()
                    assert resp.status == 200, body
                if not body["skipped"]:
                    break
                await asyncio.sleep(0.5)
            out[service] = {"rows": body["rows"], "job_ms": body["duration_ms"],
                            "wall_ms": round((time.perf_counter() - started) * 1000, 1)}
    return out


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process so far (Linux /proc), None where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


async def cpu_snapshot(stack: Stack, dsn: str) -> dict[str, dict[int, float]]:
    """CPU so far of each service process and of each PostgreSQL backend of the stack's server."""
    backends = [r["pid"] for r in await _fetch(dsn, "SELECT pid FROM pg_stat_activity WHERE backend_type = "
                                                    "'client backend' AND pid <> pg_backend_pid()")]
    out: dict[str, dict[int, float]] = {name: {} for name in (*stack.processes, "postgres")}
    for name, proc in stack.processes.items():
        if (c := cpu_seconds(proc.pid)) is not None:
            out[name][proc.pid] = c
    for pid in backends:
        if (c := cpu_seconds(pid)) is not None:
            out["postgres"][pid] = c
    return out


def cpu_per_request(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]], n: int,
                    ) -> dict[str, float]:
    """CPU ms per request by process (PostgreSQL: the backends alive throughout)."""
    return {name: round(sum(after[name][pid] - c for pid, c in pids.items() if pid in after.get(name, {}))
                        * 1000 / n, 1) for name, pids in before.items()}


async def timed_gets(url: str, params: dict[str, str], token: str, *, clients: int, per_client: int,
                     ) -> tuple[dict[str, Any], Any]:
    """Closed loop: `clients` clients each sending `per_client` requests, the next when the last returns."""
    samples: list[float] = []
    errors = 0
    last: Any = None
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=clients)) as http:
        async def client() -> None:
            nonlocal errors, last
            for _ in range(per_client):
                started = time.perf_counter()
                async with http.get(url, params=params, headers={"authorization": f"Bearer {token}"}) as resp:
                    body = await resp.json(content_type=None)
                    elapsed = time.perf_counter() - started
                    if resp.status != 200 or (isinstance(body, dict) and "sources" in body
                                              and not all(s["ok"] for s in body["sources"])):
                        errors += 1
                    last = body
                samples.append(elapsed)

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        wall = time.perf_counter() - started
    return {**await _percentiles(samples), "errors": errors, "rps": round(len(samples) / wall, 1)}, last


def overview_figures(body: dict[str, Any]) -> dict[str, int | None]:
    """units_total of the registry's and grading's tables (their totals row), from one overview response."""
    tables = {t["key"]: t for t in body["tables"]}
    return {"registry_units_total": tables["coverage"]["total"]["values"].get("units_total"),
            "grading_units_total": tables["grades"]["total"]["values"].get("units_total"),
            "high_risk_units": tables["categories"]["total"]["values"].get("high_risk_units")}


async def overview(stack: Stack, token: str, org: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as http, http.get(
        f"{stack.url()}/api/dashboard/v1/overview", params={"org": org}, headers={"authorization": f"Bearer {token}"}
    ) as resp:
        body = await resp.json()
        assert resp.status == 200, body
        return dict(body)


async def baseline(server: str, stack: Stack, runs: int, as_of: dt.date) -> dict[str, Any]:
    """The registry's and grading's compute() — the SQL their jobs run — concurrently, as counting on request would."""
    import grading.dashboard
    import registry.dashboard
    from servicekit.db import make_engine, make_sessionmaker

    computes = {"registry": registry.dashboard.compute, "grading": grading.dashboard.compute}
    engines = {s: make_engine(stack.service_db_url(server, s), pool_size=1, max_overflow=0) for s in computes}
    makers = {s: make_sessionmaker(e) for s, e in engines.items()}
    totals: dict[str, int] = {}
    per: dict[str, list[float]] = {s: [] for s in computes}

    async def one(service: str) -> None:
        async with makers[service]() as session, session.begin():
            started = time.perf_counter()
            rows = list(await computes[service](session, as_of))
            per[service].append(time.perf_counter() - started)
            totals[f"{service}_units_total"] = sum(v for _, m, v in rows if m == "units_total")
            if service == "grading":
                totals["high_risk_units"] = sum(v for _, m, v in rows if m == "high_risk_units")

    try:
        await asyncio.gather(*(one(s) for s in computes))  # warm the caches as the product's reads are warm
        walls = []
        for s in per:
            per[s].clear()
        for _ in range(runs):
            started = time.perf_counter()
            await asyncio.gather(*(one(s) for s in computes))
            walls.append(time.perf_counter() - started)
    finally:
        for e in engines.values():
            await e.dispose()
    ms = sorted(round(w * 1000, 1) for w in walls)
    return {"runs_ms": ms, "median_ms": statistics.median(ms),
            "per_service_median_ms": {s: round(statistics.median(v) * 1000, 1) for s, v in per.items()},
            "figures": totals}


async def quiet(below: float | None, wait_seconds: float) -> None:
    """On a shared machine: wait (at most `wait_seconds`) for the 1-minute load average to drop below `below`."""
    if below is None:
        return
    deadline = time.monotonic() + wait_seconds
    for _ in range(int(wait_seconds // 5) + 1):
        if os.getloadavg()[0] < below or time.monotonic() >= deadline:
            return
        await asyncio.sleep(5)


async def run(stack: Stack, *, n_units: int, grow: int = 0, requests: int = 50, clients: int = 5,
              per_client: int = 20, baseline_runs: int = 3, settle_timeout: float = 1800,
              quiet_below: float | None = None, quiet_wait: float = 0, prune: bool = False) -> dict[str, Any]:
    """Load (if needed), refresh, measure. `grow`: load at least that many new units whatever is there;
    `prune`: let grading and inspection drop units the registry does not have (var/bench only)."""
    server = stack.server_url()
    dsns = {s: pg_dsn(server, f"qsrp_{s}") for s in SERVICES}
    as_of = today()
    base = stack.url()
    internal = service_tokens(stack)
    results: dict[str, Any] = {"run_at": time.strftime("%Y-%m-%d %H:%M"), "as_of": as_of.isoformat()}

    results["settle_before"] = await settle(dsns, settle_timeout)
    await refresh_all(stack, internal)
    results["before"] = overview_figures(await overview(stack, await login(base, "demo-region-officer"), REGION))

    existing = int(await scalar(dsns["registry"], "SELECT count(*) FROM enterprise"))
    load: dict[str, Any] = {"registry": await load_registry(dsns["registry"], max(n_units, existing + grow))}
    load["inspection"] = await mirror(dsns["registry"], dsns["inspection"], "inspection", as_of=as_of, prune=prune)
    load["grading"] = await mirror(dsns["registry"], dsns["grading"], "grading", as_of=as_of, prune=prune)
    if load["grading"]["added"]:
        load["regrade"] = await regrade(stack.service_db_url(server, "grading"), as_of)
    load["settle"] = await settle(dsns, settle_timeout)
    load["inspection_units_total"] = int(await scalar(dsns["inspection"], "SELECT count(*) FROM unit_ref"))
    load["risk_events"] = int(await scalar(dsns["grading"], "SELECT count(*) FROM risk_event"))
    load["high_risk"] = int(await scalar(dsns["grading"], "SELECT count(*) FROM high_risk WHERE ended_on IS NULL"))
    load["audits"] = int(await scalar(dsns["audit"], "SELECT count(*) FROM bureau_audit"))
    load["dash_stat_rows"] = {s: int(await scalar(dsns[s], "SELECT count(*) FROM dash_stat")) for s in SERVICES}
    results["load"] = load

    results["refresh"] = await refresh_all(stack, internal)
    tokens = {"region": await login(base, "demo-region-officer"), "lhasa": await login(base, "demo-lhasa")}
    load["dash_stat_rows"] = {s: int(await scalar(dsns[s], "SELECT count(*) FROM dash_stat")) for s in SERVICES}
    url = f"{base}/api/dashboard/v1/overview"
    cases = {"region": ({"org": REGION}, tokens["region"]), "prefecture": ({"org": LHASA}, tokens["lhasa"])}
    for params, token in cases.values():  # warm the pools and caches
        await timed_gets(url, params, token, clients=1, per_client=3)
    for name, (params, token) in cases.items():
        for mode, (c, per) in {"sequential": (1, requests), "concurrent": (clients, per_client)}.items():
            await quiet(quiet_below, quiet_wait)
            cpu_before = await cpu_snapshot(stack, dsns["registry"])
            measured, body = await timed_gets(url, params, token, clients=c, per_client=per)
            measured["cpu_ms_per_request"] = cpu_per_request(cpu_before, await cpu_snapshot(stack, dsns["registry"]),
                                                             measured["n"])
            measured["loadavg_1m"] = round(os.getloadavg()[0], 1)
            results[f"overview_{name}_{mode}"] = measured
            if name == "region" and mode == "sequential":
                results["after"] = overview_figures(body)
    await quiet(quiet_below, quiet_wait)
    results["service_region_sequential"] = {
        s: (await timed_gets(f"{stack.url(s)}/v1/dashboard", {"org": REGION}, tokens["region"], clients=1,
                             per_client=max(requests // 2, 2)))[0] for s in SERVICES}
    await quiet(quiet_below, quiet_wait)
    results["baseline"] = await baseline(server, stack, baseline_runs, as_of)
    results["shared_buffers"] = await scalar(dsns["registry"], "SHOW shared_buffers")
    return results


def _q(r: dict[str, Any]) -> str:
    return f"p50 {r['p50_ms']} ms, **p95 {r['p95_ms']} ms**, p99 {r['p99_ms']} ms"


def _cpu(r: dict[str, Any]) -> str:
    cpu = r.get("cpu_ms_per_request", {})
    return ", ".join(f"{k} {v}" for k, v in cpu.items()) + f" (total {round(sum(cpu.values()), 1)} ms)"


def report(r: dict[str, Any], args: argparse.Namespace) -> str:
    load, ref, b = r["load"], r["refresh"], r["baseline"]
    reg = load["registry"]
    cases = {k: r[f"overview_{k}"] for k in ("region_sequential", "region_concurrent", "prefecture_sequential",
                                             "prefecture_concurrent")}
    rs, rc, ps, pc = cases.values()
    svc = r["service_region_sequential"]
    worst = max(x["p95_ms"] for x in cases.values())
    errors = sum(x["errors"] for x in cases.values())
    loads = [x.get("loadavg_1m", 0.0) for x in cases.values()]
    cores = os.cpu_count() or 1
    ratio = rs["p50_ms"] / b["median_ms"] if b["median_ms"] else float("nan")
    loaded = (f"{reg['after'] - reg['before']:,} loaded by COPY in {reg['seconds']} s"
              if reg["after"] > reg["before"] else "loaded in earlier runs of this and the registry benchmark, kept in "
              "var/bench")
    grading_note = (f"{load['grading']['added']:,} copied in this run in {load['grading']['seconds']} s and graded by "
                    f"grading's full recompute in {load['regrade']['seconds']} s" if load["grading"]["added"]
                    else "copied and graded in an earlier run")
    if load["grading"]["removed"]:
        grading_note += (f"; {load['grading']['removed']:,} units they held that the registry no longer has (left by "
                         "the events of earlier bench runs whose rows were since deleted) were removed")
    lines = [
        "## Dashboard: the home page's figures",
        "",
        f"Run {r.get('run_at') or time.strftime('%Y-%m-%d %H:%M')} on {platform.node()}: {cores} cores, Python "
        f"{platform.python_version()}, PostgreSQL 16 (embedded pgserver, shared_buffers {r['shared_buffers']}); "
        f"1-minute load average at the end of each overview measurement {min(loads)}–{max(loads)} "
        f"(the machine is shared). Reproduce: `make bench` (or `python bench/dashboard_bench.py --units {args.units} "
        f"--requests {args.requests} --clients {args.clients} --per-client {args.per_client}"
        + (f" --quiet-below {args.quiet_below}" if getattr(args, "quiet_below", None) else "") + "`).",
        "",
        f"Data: {reg['after']:,} enterprises in the registry ({loaded}; bench/datagen.py over the 74 counties); "
        f"grading and inspection hold their copy of every one ({grading_note}; the registry and inspection "
        f"mirrored the grades from grading's events). Grading: {r['after']['grading_units_total']:,} units in "
        f"supervision, {load['risk_events']:,} risk events, {load['high_risk']:,} high-risk designations in force. "
        f"Inspection: {load['inspection_units_total']:,} units; its tasks, inspections, rectifications and routine "
        f"filings, and the audit service's {load['audits']} audits, are the demo data only (small tables, whatever "
        "the number of units). Precomputed rows (`dash_stat`): "
        + ", ".join(f"{s} {n:,}" for s, n in load["dash_stat_rows"].items()) + ".",
        "",
        "| what | target | measured | baseline in the same run |",
        "|---|---|---|---|",
        f"| overview of the region through the gateway (region officer), {rs['n']} sequential requests | ≤ 300 ms "
        f"| {_q(rs)}, {rs['errors']} errors "
        f"| the registry's and grading's figures counted on request — their `compute()` run concurrently over every "
        f"unit: median {b['median_ms']} ms of {len(b['runs_ms'])} runs (registry {b['per_service_median_ms']['registry']} "
        f"ms, grading {b['per_service_median_ms']['grading']} ms); the product takes {ratio:.3f}× as long at p50 |",
        f"| the same, {args.clients} concurrent clients × {args.per_client} requests | ≤ 300 ms "
        f"| {_q(rc)}, {rc['rps']} req/s, {rc['errors']} errors | — |",
        f"| overview of a prefecture (Lhasa's officer, 540100), {ps['n']} sequential requests | ≤ 300 ms "
        f"| {_q(ps)}, {ps['errors']} errors | — |",
        f"| the same, {args.clients} concurrent clients × {args.per_client} requests | ≤ 300 ms "
        f"| {_q(pc)}, {pc['rps']} req/s, {pc['errors']} errors | — |",
        "| CPU per region overview, by process, in the sequential run (ms; the gateway asks the registry twice, once "
        f"by county for the 2023 goal) | — | {_cpu(rs)} | — |",
        "| each service's own `/v1/dashboard` for the region, sequential (what the gateway waits for) | — | "
        + ", ".join(f"{s} p50 {x['p50_ms']} / p95 {x['p95_ms']} ms" for s, x in svc.items()) + " | — |",
        "| the dashboard job (`POST /internal/dashboard/refresh`: compute, then replace `dash_stat` in one "
        "transaction), once per service | — | "
        + ", ".join(f"{s} {x['job_ms']:,} ms ({x['rows']:,} rows)" for s, x in ref.items())
        + f" | compute alone, above: registry {b['per_service_median_ms']['registry']} ms, grading "
        f"{b['per_service_median_ms']['grading']} ms |",
        "",
        f"Figures checked in the same run: the region's overview shows {r['after']['registry_units_total']:,} units in "
        f"the archive and {r['after']['grading_units_total']:,} in supervision; `compute()` run directly counts "
        f"{b['figures']['registry_units_total']:,} and {b['figures']['grading_units_total']:,}.",
        "",
        "### Verdict",
        "",
        (f"- **Met** at {reg['after']:,} units: every case's p95 is under 300 ms (worst {worst} ms), {errors} errors."
         if worst <= 300 and errors == 0 else
         f"- **Not met** in this run: worst p95 {worst} ms ({errors} errors) against 300 ms"
         + (f", with the machine's load average at {max(loads)} on {cores} cores." if max(loads) > cores else ".")),
        f"- The overview's time does not depend on the number of units: each service sums its `dash_stat` rows under "
        f"the org unit (about a thousand per service, at 1.1 million units as at 5,000) and the gateway asks the four "
        f"at once. Counting on request instead (the baseline) costs {b['median_ms']:,} ms per page at this size, and "
        "grows with the units.",
        f"- What an overview does cost is requests: six at the region (the gateway's, one per service, the registry "
        f"twice) and five below it, each costing its service 4–6 ms of CPU whatever it returns (token check, session, "
        f"middleware). A region overview takes {round(sum(rs['cpu_ms_per_request'].values()), 1)} ms of CPU in all "
        f"(by process in the table), so {cores} cores serve about {1000 * cores / sum(rs['cpu_ms_per_request'].values()):.0f} "
        "a second at most; the concurrent cases' latency is that queue.",
        "- Changed for this benchmark (gateway/dashboard/service.py), after the first run at 1.1 million units missed "
        "the target with 5 concurrent clients on the region (p95 325 ms; the gateway used 14–20 ms of CPU per "
        "overview): the org unit, its breadcrumb, its children and its county count now come from one plain SQL "
        "statement instead of four ORM queries; below the region the counties with an archive are read from the "
        "registry's children instead of a second request; each service's answer is indexed once instead of searched "
        "per cell. Measured in-process on the same data, the gateway's CPU per overview went from 11.2 to 7.3 ms "
        "(region) and from 9.1 to 5.0 ms (prefecture, which also makes one registry request fewer).",
        f"- The dashboard job: registry {ref['registry']['job_ms'] / 1000:.1f} s, grading "
        f"{ref['grading']['job_ms'] / 1000:.1f} s, inspection {ref['inspection']['job_ms'] / 1000:.1f} s per run at "
        "this size, every five minutes by default, one replica at a time. Most of the inspection's is its three "
        "routine-filing-rate queries (daily, weekly, monthly), each of which reads every unit (about 1.2 s apiece at "
        "1.1 million units, timed apart).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50, help="sequential overview requests per case")
    parser.add_argument("--clients", type=int, default=5, help="concurrent clients per case")
    parser.add_argument("--per-client", type=int, default=20, help="requests per concurrent client")
    parser.add_argument("--baseline-runs", type=int, default=3)
    parser.add_argument("--quiet-below", type=float, default=None,
                        help="on a shared machine: before each measurement wait for the 1-minute load average to drop "
                             "below this (at most --quiet-wait seconds)")
    parser.add_argument("--quiet-wait", type=float, default=900)
    parser.add_argument("--port", type=int, default=18700)
    parser.add_argument("--var", default=str(REPO / "var" / "bench"))
    parser.add_argument("--write", default=str(REPO / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    stack = Stack(var_dir=Path(args.var), port=args.port, environment="test", log_dir=Path(args.var) / "logs",
                  extra_env={"DASHBOARD_INTERVAL_SECONDS": "3600"})
    stack.start()
    try:
        results = asyncio.run(run(stack, n_units=args.units, requests=args.requests, clients=args.clients,
                                  per_client=args.per_client, baseline_runs=args.baseline_runs,
                                  quiet_below=args.quiet_below, quiet_wait=args.quiet_wait, prune=True))
    finally:
        stack.stop()
    print(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    if args.write:
        write_section(Path(args.write), "dashboard", report(results, args))
        print(f"written to {args.write}")


if __name__ == "__main__":
    main()
