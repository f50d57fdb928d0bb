"""The export benchmark's baseline, run as its own process by bench/export_bench.py.

    python bench/export_baseline.py < job.json

The job names a database, the SQL the registry's export runs, the labels it uses and an output
path; this fetches the rows with asyncpg (a server-side cursor, 2,000 rows at a time) and writes
them with xlsxwriter in constant_memory mode, the same headers and labels as the product. Prints
its time, row count and memory as JSON. Only asyncpg and xlsxwriter are imported, so its memory
is the work's and the interpreter's.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import asyncpg
import xlsxwriter


def status_kb(field: str) -> int:
    """VmRSS (resident now) or VmHWM (its peak) of this process, in KB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


async def write(job: dict[str, Any]) -> dict[str, Any]:
    lab = job["labels"]
    names, tags, types, status, archive = (lab["names"], lab["tags"], lab["unit_types"], lab["status"],
                                           lab["archive_status"])
    started = time.perf_counter()
    conn = await asyncpg.connect(job["dsn"])
    book = xlsxwriter.Workbook(job["out"], {"constant_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False})
    ws = book.add_worksheet("主体档案")
    ws.write_string(0, 0, "工业产品生产和销售单位主体质量安全档案")
    ws.write_row(2, 0, lab["headers"])
    row = 3
    async with conn.transaction():
        async for r in conn.cursor(job["sql"], *job["args"], prefetch=2000):
            ws.write_row(row, 0, [
                r["credit_code"], r["name"], "、".join(types[t] for t in r["unit_types"]),
                "是" if r["is_individual"] else "否", names.get(r["division_code"], r["division_code"]),
                names.get(r["station_code"] or "", r["station_code"] or ""), status[r["status"]], r["employees"],
                float(r["revenue_wan"]) if r["revenue_wan"] is not None else None, r["size_year"], r["grade"],
                "、".join(tags.get(t, t) for t in r["key_tags"] or []), "是" if r["director_required"] else "否",
                r["director_count"], r["officer_count"], archive[r["archive_status"]],
                r["archive_deadline"].isoformat() if r["archive_deadline"] else None,
            ])
            row += 1
    await conn.close()
    book.close()
    return {"rows": row - 3, "seconds": round(time.perf_counter() - started, 2)}


def main() -> None:
    job = json.load(sys.stdin)
    rss_start = status_kb("VmRSS")
    result = asyncio.run(write(job))
    result["rss_start_mb"] = round(rss_start / 1024, 1)
    # VmHWM belongs to this program's memory since exec (getrusage's maxrss would also count the
    # parent's pages the child had between fork and exec).
    result["hwm_mb"] = round(status_kb("VmHWM") / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
