"""Field app (phone) first load: its JavaScript gzipped, and the time until its login form can be used.

    python bench/field_bench.py [--runs 3]        # starts the platform on var/bench
    python bench/field_bench.py --url http://127.0.0.1:8000   # against a running gateway

1. Size, from the build (frontend/dist): the JS `field/index.html` loads on a first visit — its entry
   script and everything that imports statically (the modulepreload links), plus the login page's
   lazy chunk, where a first visit without a session lands — each file gzipped (level 6, what
   frontend/scripts/size-field.mjs measures), and the worst first load over every lazy page as that
   script reports it. CSS is listed beside it (not part of the JS target).
2. Time, in Debian's Chromium driven by Playwright (a phone: 390×844, touch), against the gateway:
   a fresh browser context per load (no cache, no service worker yet), the cache also disabled
   through CDP, and the network emulated with Chrome DevTools' "Slow 3G" preset
   (`Network.emulateNetworkConditions`: latency 400 ms × 5 = 2000 ms, down and up
   500 kbit/s × 0.8 = 50,000 bytes/s; no CPU throttling). `/field/` is opened and timed until the
   login button is visible and enabled (a MutationObserver in the page notes `performance.now()`);
   then the username field is typed into, to prove the form works. DOMContentLoaded, load, first
   contentful paint and the bytes of JS on the wire come from the page's own timing entries.
   Baseline in the same run: the same loads without throttling.
Targets: JS ≤ 200 KB gzipped; interactive ≤ 3 s on Slow 3G.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "bench"))

from machine import wait_quiet  # noqa: E402
from report import write_section  # noqa: E402

DIST = REPO / "frontend" / "dist"
TARGET_JS_KB = 200.0
TARGET_SECONDS = 3.0
# Chrome DevTools' "Slow 3G" (devtools-frontend, front_end/core/sdk/NetworkManager.ts, Slow3GConditions).
SLOW_3G = {"offline": False, "latency": 400 * 5, "downloadThroughput": 500 * 1000 / 8 * 0.8,
           "uploadThroughput": 500 * 1000 / 8 * 0.8}
NO_THROTTLING = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
# As the browser tests launch it (tests/browser/conftest.py).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

_STATIC = re.compile(r'(?:from|import)\s*"\./([\w.-]+\.js)"')
_DYNAMIC = re.compile(r'import\(\s*"\./([\w.-]+\.js)"\s*\)')


# -- 1. size -----------------------------------------------------------------------------------
def _gzip_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)) / 1024


def _closure(assets: Path, roots: list[str]) -> set[str]:
    seen = set(roots)
    queue = list(roots)
    while queue:
        for dep in _STATIC.findall((assets / queue.pop()).read_text(encoding="utf-8")):
            if dep not in seen:
                seen.add(dep)
                queue.append(dep)
    return seen


def first_load_size(dist: Path = DIST) -> dict[str, Any]:
    """Gzipped KB of the JS (and CSS) a first visit to /field/ loads, from the built files."""
    assets = dist / "assets"
    html = (dist / "field" / "index.html").read_text(encoding="utf-8")
    entry = re.search(r'<script type="module"[^>]*src="/assets/([\w.-]+\.js)"', html)
    if entry is None:
        raise RuntimeError("no entry script in dist/field/index.html")
    preloads = re.findall(r'<link rel="modulepreload"[^>]*href="/assets/([\w.-]+\.js)"', html)
    css = re.findall(r'<link rel="stylesheet"[^>]*href="/assets/([\w.-]+\.css)"', html)
    base = _closure(assets, [entry.group(1), *preloads])
    routes = sorted({r for f in base for r in _DYNAMIC.findall((assets / f).read_text(encoding="utf-8"))})
    sizes: dict[str, float] = {}

    def total(files: set[str]) -> float:
        for f in files - sizes.keys():
            sizes[f] = _gzip_kb(assets / f)
        return sum(sizes[f] for f in files)

    by_route = {r: round(total(base | _closure(assets, [r])), 1) for r in routes}
    login = [r for r in routes if r.startswith("login-")]
    first_visit = base | (_closure(assets, login[:1]) if login else set())
    return {
        "entry": entry.group(1),
        "files": sorted(first_visit),
        "entry_kb": round(total(base), 1),
        "first_visit_kb": round(total(first_visit), 1),
        "login_route": login[0] if login else None,
        "worst_kb": max(by_route.values(), default=round(total(base), 1)),
        "worst_route": max(by_route, key=lambda r: by_route[r]) if by_route else None,
        "raw_kb": round(sum((assets / f).stat().st_size for f in first_visit) / 1024, 1),
        "css_kb": round(sum(_gzip_kb(assets / f) for f in css), 1),
        "routes": by_route,
    }


# -- 2. time -----------------------------------------------------------------------------------
READY_PROBE = """
(() => {
  window.__loginReady = null;
  window.__fcp = null;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') window.__fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  const ready = () => {
    const button = document.querySelector('[data-testid="login-submit"]');
    if (!button || button.disabled) return false;
    const box = button.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(button).visibility === 'hidden') return false;
    window.__loginReady = performance.now();
    return true;
  };
  new MutationObserver((_, observer) => { if (ready()) observer.disconnect(); })
    .observe(document, { childList: true, subtree: true, attributes: true });
})();
"""

PAGE_TIMING = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];

  const res = performance.getEntriesByType('resource');
  const js = res.filter((r) => r.name.endsWith('.js') && !r.name.endsWith('/sw.js'));
  const css = res.filter((r) => r.name.endsWith('.css'));
  return {
    ready: window.__loginReady,
    html_response_end: nav.responseEnd,
    dom_content_loaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    fcp: window.__fcp,
    html_bytes: nav.transferSize,
    js_files: js.length,
    js_transfer: js.reduce((s, r) => s + r.transferSize, 0),
    js_decoded: js.reduce((s, r) => s + r.decodedBodySize, 0),
    css_transfer: css.reduce((s, r) => s + r.transferSize, 0),
    requests: res.length + 1,
  };
}
"""


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def load_once(browser: Any, base: str, conditions: dict[str, Any]) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(READY_PROBE)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", conditions)
        page.goto(f"{base}/field/", wait_until="commit", timeout=120_000)
        # Polled from here: the app's CSP (script-src 'self') forbids the string evaluation
        # wait_for_function would use; the time itself is noted in the page.
        deadline = time.monotonic() + 120
        while page.evaluate("() => window.__loginReady") is None:
            if time.monotonic() > deadline:
                raise TimeoutError("the login form did not become usable within 120 s")
            time.sleep(0.1)
        page.wait_for_load_state("load", timeout=120_000)
        for _ in range(30):  # the first paint is reported a frame or two after the form appears
            if page.evaluate("() => window.__fcp") is not None:
                break
            time.sleep(0.1)
        t = page.evaluate(PAGE_TIMING)
        page.get_by_test_id("login-username").fill("demo-chengguan-station", timeout=10_000)
        typed = page.get_by_test_id("login-username").input_value() == "demo-chengguan-station"
        ms = {k: (round(v / 1000, 2) if k in ("ready", "html_response_end", "dom_content_loaded", "load", "fcp")
                  and v is not None else v) for k, v in t.items()}
        return {**ms, "typed": typed, "url": page.url.removeprefix(base)}
    finally:
        context.close()


def measure_loads(base: str, runs: int, quiet_below: float | None = None, quiet_wait: float = 0) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium not found (apt-get install chromium)")
    out: dict[str, Any] = {"machine_load": wait_quiet(quiet_below, quiet_wait), "ran_at": time.strftime("%Y-%m-%d %H:%M")}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            out["chromium"] = browser.version
            load_once(browser, base, NO_THROTTLING)  # warm the gateway (its file reads), not the browser
            out["slow3g"] = [load_once(browser, base, SLOW_3G) for _ in range(runs)]
            out["unthrottled"] = [load_once(browser, base, NO_THROTTLING) for _ in range(runs)]
        finally:
            browser.close()
    for key in ("slow3g", "unthrottled"):
        loads = out[key]
        out[f"{key}_median"] = {k: round(statistics.median(x[k] for x in loads), 2)
                                for k in ("ready", "html_response_end", "dom_content_loaded", "load", "fcp",
                                          "js_transfer", "js_decoded", "css_transfer", "requests", "js_files")
                                if all(x[k] is not None for x in loads)}
    return out


# -- report ----------------------------------------------------------------------------------
def floor(median: dict[str, Any]) -> float:
    """The earliest the form could be usable with these bytes: HTML, one more latency, the transfer."""
    transfer = (median["js_transfer"] + median["css_transfer"]) / SLOW_3G["downloadThroughput"]
    return round(median["html_response_end"] + SLOW_3G["latency"] / 1000 + transfer, 2)


def report(size: dict[str, Any], loads: dict[str, Any] | None, args: argparse.Namespace, *,
           history: str = "") -> str:
    js_met = size["first_visit_kb"] <= TARGET_JS_KB and size["worst_kb"] <= TARGET_JS_KB
    lines = [
        "## Field app: first load",
        "",
        f"Run {(loads or {}).get('ran_at') or time.strftime('%Y-%m-%d %H:%M')} on {platform.node()}: {os.cpu_count()} cores, Python "
        f"{platform.python_version()}"
        + (f", Chromium {loads['chromium']} (Debian) driven by Playwright {_version('playwright')}" if loads else "")
        + (f"; one-minute load average when measuring began {loads['machine_load']}" if loads else "")
        + ". The app as built in frontend/dist, served by the gateway. Reproduce: `make bench` "
        f"(or `python bench/field_bench.py --runs {args.runs}"
        f"{' --quiet-below ' + format(args.quiet_below, 'g') if getattr(args, 'quiet_below', None) else ''}`; "
        "`node frontend/scripts/size-field.mjs` for the size alone).",
        "",
        "| what | target | measured | baseline in the same run |",
        "|---|---|---|---|",
        f"| JS of a first visit, gzipped (level 6): the entry `{size['entry']}` with its static imports"
        + (f" and the login page's lazy chunk `{size['login_route']}`" if size["login_route"] else
           " (the login page is part of them)")
        + f", {len(size['files'])} files | ≤ {TARGET_JS_KB:g} KB | **{size['first_visit_kb']} KB** "
        f"({size['raw_kb']} KB before compression; CSS beside it {size['css_kb']} KB gzipped) | — |",
        f"| the same, opening on the heaviest page instead (`{size['worst_route']}`) | ≤ {TARGET_JS_KB:g} KB "
        f"| {size['worst_kb']} KB | — |",
    ]
    if loads:
        s, u = loads["slow3g_median"], loads["unthrottled_median"]
        ready = [x["ready"] for x in loads["slow3g"]]
        lines += [
            f"| `/field/` until the login form is usable (button visible and enabled), Chrome's Slow 3G, cache "
            f"disabled; median of {len(ready)} ({', '.join(f'{r} s' for r in ready)}) | ≤ {TARGET_SECONDS:g} s "
            f"| **{s['ready']} s** | without throttling: {u['ready']} s |",
            f"| the same load: HTML received / first contentful paint / DOMContentLoaded / load "
            f"| — | {s['html_response_end']} / {s.get('fcp', '—')} / {s['dom_content_loaded']} / {s['load']} s "
            f"| {u['html_response_end']} / {u.get('fcp', '—')} / {u['dom_content_loaded']} / {u['load']} s |",
            f"| bytes on the wire before the form is usable | — | {s['requests']:g} requests; JS "
            f"{s['js_transfer'] / 1024:.1f} KB for {s['js_decoded'] / 1024:.1f} KB of code in {s['js_files']:g} files, "
            f"CSS {s['css_transfer'] / 1024:.1f} KB | — |",
            f"| lower bound under this profile: the HTML as received, one more latency for the scripts and styles "
            f"(all in one round, at most six at a time), their bytes at 50,000 bytes/s | — | {floor(s)} s "
            f"(a page needing any script file at all: {round(s['html_response_end'] + SLOW_3G['latency'] / 1000, 2)} s) | — |",
        ]
    lines += ["", f"Throttling: Chrome DevTools' \"Slow 3G\" preset through CDP `Network.emulateNetworkConditions`: "
              f"latency {SLOW_3G['latency']:g} ms (400 ms RTT × 5), download and upload {SLOW_3G['downloadThroughput']:,.0f} "
              "bytes/s (500 kbit/s × 0.8); no CPU throttling; `Network.setCacheDisabled`; a fresh browser context for "
              "every load (no HTTP cache, no service worker yet). The latency applies to every request, so any page "
              "needs the HTML (one latency) and then its scripts (a second one) before it can run."]
    verdict = [f"JS size {'**met**' if js_met else '**not met**'} ({size['first_visit_kb']} KB of {TARGET_JS_KB:g} KB)"]
    if loads:
        met = loads["slow3g_median"]["ready"] <= TARGET_SECONDS
        verdict.append(f"interactive on Slow 3G {'**met**' if met else '**not met**'} "
                       f"({loads['slow3g_median']['ready']} s of {TARGET_SECONDS:g} s)")
    lines += ["", "Verdict: " + "; ".join(verdict) + "."]
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
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--url", help="a running gateway (otherwise the platform is started on --var)")
    parser.add_argument("--port", type=int, default=18600)
    parser.add_argument("--var", default=str(REPO / "var" / "bench"))
    parser.add_argument("--write", default=str(REPO / "docs" / "benchmarks.md"))
    parser.add_argument("--dist", default=str(DIST), help="the build the gateway serves (FRONTEND_DIST)")
    parser.add_argument("--quiet-below", type=float, default=None,
                        help="before measuring, wait until the one-minute load average is below this")
    parser.add_argument("--quiet-wait", type=float, default=900, help="… for at most this many seconds")
    parser.add_argument("--history", default="", help="a paragraph (or a file holding it) for the report")
    args = parser.parse_args()
    if not (Path(args.dist) / "field" / "index.html").exists():
        sys.exit(f"{args.dist} holds no built field app: run `make frontend` first")
    size = first_load_size(Path(args.dist))
    if args.url:
        loads = measure_loads(args.url.rstrip("/"), args.runs, args.quiet_below, args.quiet_wait)
    else:
        from stack import Stack

        stack = Stack(var_dir=Path(args.var), port=args.port, environment="test", log_dir=Path(args.var) / "logs")
        try:
            stack.start()
            loads = measure_loads(stack.url(), args.runs, args.quiet_below, args.quiet_wait)
        finally:
            stack.stop()
    print(json.dumps({"size": size, "loads": loads}, ensure_ascii=False, indent=2))
    if args.write:
        history = Path(args.history).read_text(encoding="utf-8") if args.history and Path(args.history).is_file() \
            else args.history
        write_section(Path(args.write), "field", report(size, loads, args, history=history))
        print(f"written to {args.write}")


if __name__ == "__main__":
    main()
