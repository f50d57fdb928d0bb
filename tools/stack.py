"""Run the whole platform on one machine: embedded PostgreSQL (or $DATABASE_URL), migrations,
reference and demo data, and the five services as separate processes under a small supervisor.

    python tools/stack.py run      # what `make run` calls; Ctrl-C stops everything cleanly
    python tools/stack.py migrate  # databases + migrations + seed, then exit

The same Stack class starts the platform on free ports for the cross-service tests.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parent.parent
SERVICES = ["gateway", "registry", "grading", "inspection", "audit"]
# Who is told about whose events: publisher → [(topic prefix, subscribing service)].
SUBSCRIPTIONS: dict[str, list[tuple[str, str]]] = {
    "registry": [("enterprise.", "grading"), ("enterprise.", "inspection"), ("personnel.", "inspection"),
                 ("calendar.", "inspection")],
    "grading": [("grade.", "registry"), ("grades.", "registry"), ("grade.", "inspection"), ("grades.", "inspection"),
                ("category.", "inspection"), ("high_risk.", "inspection")],
    "inspection": [("risk.", "grading"), ("inspection.", "grading"), ("assessment.", "registry")],
}


def _sk() -> Any:
    sys.path.insert(0, str(REPO / "libs" / "servicekit"))
    import servicekit.devdb as devdb
    import servicekit.keys as keys
    import servicekit.migrations as migrations

    return devdb, keys, migrations


@dataclass
class Stack:
    var_dir: Path
    port: int = 8000
    host: str = "127.0.0.1"
    environment: str = "development"
    database_url: str | None = None
    log_dir: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _pg: Any = None
    _logs: dict[str, IO[bytes]] = field(default_factory=dict)

    def ports(self) -> dict[str, int]:
        return {name: self.port + i for i, name in enumerate(SERVICES)}

    def url(self, service: str = "gateway") -> str:
        return f"http://{self.host}:{self.ports()[service]}"

    # -- set-up ---------------------------------------------------------------------------
    def server_url(self) -> str:
        devdb, _, _ = _sk()
        if self.database_url:
            return self.database_url
        if os.environ.get("DATABASE_URL"):
            return os.environ["DATABASE_URL"]
        self._pg = devdb.embedded_server(self.var_dir / "pg", keep_running=False)
        return str(self._pg.get_uri())

    def service_db_url(self, server: str, service: str) -> str:
        devdb, _, _ = _sk()
        return str(devdb.database_url(server, devdb.service_database_name(service)))

    def ensure_keys(self) -> dict[str, Path]:
        _, keys, _ = _sk()
        kd = self.var_dir / "keys"
        paths = {
            "jwt_private": kd / "gateway.pem", "jwt_public": kd / "gateway.pub.pem",
            "service_private": kd / "service.pem", "service_public": kd / "service.pub.pem",
            "pii": kd / "pii.key",
        }
        keys.generate_keypair(paths["jwt_private"], paths["jwt_public"])
        keys.generate_keypair(paths["service_private"], paths["service_public"])
        if not paths["pii"].exists():
            paths["pii"].write_text(secrets.token_urlsafe(32))
            paths["pii"].chmod(0o600)
        return paths

    def migrate_and_seed(self, server: str) -> None:
        _, _, migrations = _sk()

        def migrate_all() -> None:
            for name in SERVICES:
                url = self.service_db_url(server, name)
                asyncio.run(migrations.ensure_database(url))
                migrations.upgrade_to_head(REPO / "services" / name / "alembic.ini", url)

        # In its own thread: callers (tests driving a browser) may already run an event loop.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(migrate_all).result()
        from registry.seed import demo_enterprise_user_target

        env = {**os.environ, **self.service_env(server, "registry")}
        subprocess.run([sys.executable, "-m", "registry.seed", "--demo"], check=True, env=env, cwd=REPO)
        env = {**os.environ, **self.service_env(server, "gateway"), "QSRP_DEMO_ENTERPRISE_ID": demo_enterprise_user_target()}
        subprocess.run([sys.executable, "-m", "gateway.seed", "--demo"], check=True, env=env, cwd=REPO)

    def service_env(self, server: str, name: str) -> dict[str, str]:
        paths = self.ensure_keys()
        ports = self.ports()
        subscribers = ",".join(f"{prefix}={self.url(target)}" for prefix, target in SUBSCRIPTIONS.get(name, []))
        env = {
            "SERVICE_NAME": name,
            "ENVIRONMENT": self.environment,
            "DATABASE_URL": self.service_db_url(server, name),
            "JWT_PUBLIC_KEY_FILE": str(paths["jwt_public"]),
            "SERVICE_PUBLIC_KEY_FILE": str(paths["service_public"]),
            "SERVICE_PRIVATE_KEY_FILE": str(paths["service_private"]),
            "PII_KEY": paths["pii"].read_text().strip(),
            "EVENT_SUBSCRIBERS": subscribers,
            "PYTHONUNBUFFERED": "1",
            **{f"{svc.upper()}_URL": f"http://{self.host}:{port}" for svc, port in ports.items()},
            **self.extra_env,
        }
        if name == "gateway":
            env["JWT_PRIVATE_KEY_FILE"] = str(paths["jwt_private"])
        return env

    # -- processes ------------------------------------------------------------------------
    def spawn(self, server: str, name: str) -> None:
        env = {**os.environ, **self.service_env(server, name)}
        cmd = [sys.executable, "-m", "uvicorn", "--factory", f"{name}.main:create_app", "--host", self.host,
               "--port", str(self.ports()[name]), "--no-access-log", "--timeout-graceful-shutdown", "5"]
        out: Any = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            self._logs[name] = (self.log_dir / f"{name}.log").open("ab")
            out = self._logs[name]
        self.processes[name] = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT if out else None)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        for name in SERVICES:
            while True:
                proc = self.processes.get(name)
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{name} 启动失败（退出码 {proc.returncode}）")
                try:
                    with urllib.request.urlopen(f"{self.url(name)}/readyz", timeout=2) as resp:
                        if resp.status == 200:
                            break
                except OSError:
                    pass
                if time.time() > deadline:
                    raise TimeoutError(f"{name} 未能在 {timeout} 秒内就绪")
                time.sleep(0.2)

    def start(self) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        server = self.server_url()
        self._server = server
        self.migrate_and_seed(server)
        for name in SERVICES:
            self.spawn(server, name)
        self.wait_ready()

    def stop_service(self, name: str) -> None:
        proc = self.processes.pop(name, None)
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def start_service(self, name: str) -> None:
        self.spawn(self._server, name)

    def stop(self) -> None:
        for name in reversed(SERVICES):
            self.stop_service(name)
        for fh in self._logs.values():
            fh.close()
        if self._pg is not None:
            self._pg.cleanup()
            self._pg = None

    def supervise(self) -> None:
        """Restart a service that dies (with backoff) until Ctrl-C or SIGTERM."""
        stopping = False

        def _stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        restarts: dict[str, float] = {}
        while not stopping:
            for name, proc in list(self.processes.items()):
                if proc.poll() is not None and not stopping:
                    wait = restarts.get(name, 0.5)
                    print(f"[stack] {name} 已退出（{proc.returncode}），{wait:.0f} 秒后重启", flush=True)
                    time.sleep(wait)
                    restarts[name] = min(wait * 2, 30)
                    self.spawn(self._server, name)
            time.sleep(0.5)


DEMO_USERS = [
    ("demo-region", "自治区局管理员 region_admin（540000）"),
    ("demo-region-officer", "自治区局监管员 region_officer（540000）"),
    ("demo-lhasa", "拉萨市局 prefecture_officer（540100）"),
    ("demo-shigatse", "日喀则市局 prefecture_officer（540200）"),
    ("demo-chengguan", "城关区局 county_officer（540102）"),
    ("demo-chengguan-station", "八廓所 station_inspector（540102-01）"),
    ("demo-enterprise", "企业用户 enterprise_user"),
]


def _banner(stack: Stack) -> None:
    password = os.environ.get("QSRP_DEMO_PASSWORD", "Xizang@2026")
    lines = [
        "",
        "工业产品质量安全主体责任信息平台 已启动",
        f"  管理端（电脑）：{stack.url()}/",
        f"  移动端（手机）：{stack.url()}/field/",
        f"  接口文档：    {stack.url()}/api/docs",
        "",
        f"演示账号（密码均为 {password}；演示账号仅凭密码登录，生产环境请开启 REQUIRE_ADMIN_TOTP）：",
        *[f"  {u:<24} {d}" for u, d in DEMO_USERS],
        "",
        "按 Ctrl-C 停止全部服务。",
    ]
    print("\n".join(lines), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="启动/初始化整个平台")
    parser.add_argument("command", choices=["run", "migrate"])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    var_dir = Path(os.environ.get("QSRP_VAR_DIR", REPO / "var"))
    var_dir.mkdir(parents=True, exist_ok=True)
    lock = (var_dir / "run.lock").open("a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        print(f"平台已在运行（进程 {lock.read().strip() or '未知'}），数据目录 {var_dir} 正在使用中；"
              "请先停止它（Ctrl-C），不要同时运行两份。", file=sys.stderr)
        sys.exit(1)
    lock.seek(0)
    lock.truncate()
    lock.write(str(os.getpid()))
    lock.flush()
    stack = Stack(var_dir=var_dir, port=args.port)
    try:
        if args.command == "migrate":
            server = stack.server_url()
            stack.migrate_and_seed(server)
            return
        stack.start()
        _banner(stack)
        stack.supervise()
    finally:
        print("[stack] 正在停止全部服务…", flush=True)
        stack.stop()
        print("[stack] 已停止。", flush=True)


if __name__ == "__main__":
    main()
