"""Back up and restore the platform's databases: one `pg_dump` (custom format) per service
database, and a manifest with each file's size and SHA-256 and its schema revision.

    python tools/backup.py dump --to backups/2026-11-28          # what `make backup` calls
    python tools/backup.py restore --from backups/2026-11-28 [--server URL] [--replace]
    python tools/backup.py verify --from backups/2026-11-28

The server is `--server`, else $DATABASE_URL, else the embedded one under var/pg (as `make run`).
A restore checks every file against the manifest first and writes nothing if one does not match.
It refuses a database that already holds tables unless `--replace` is given, which drops and
recreates it. The keys (var/keys or the compose volume) are backed up separately: without the PII
key the encrypted personal information in a dump cannot be read (docs/operations.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
SERVICES = ["gateway", "registry", "grading", "inspection", "audit"]
MANIFEST = "manifest.json"


def _candidates(name: str) -> list[str]:
    found: list[str] = []
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            found.append(str(bundled))
    except ImportError:
        pass
    on_path = shutil.which(name)
    if on_path:
        found.append(on_path)
    found += sorted((str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")), reverse=True)
    return found


def _major(program: str) -> int:
    out = subprocess.run([program, "--version"], check=True, capture_output=True, text=True).stdout
    return int(out.split()[2].split(".")[0])  # "pg_dump (PostgreSQL) 16.2"


SERVER_MAJOR: int | None = None  # set once the server is known: pg_dump must be as new as the server


def pg_bin(name: str) -> str:
    """A PostgreSQL client program at least as new as the server (the one that ships with
    pgserver, on PATH, or under /usr/lib/postgresql/*/bin)."""
    for program in _candidates(name):
        if SERVER_MAJOR is None or _major(program) >= SERVER_MAJOR:
            return program
    wanted = f" {SERVER_MAJOR} 或更新版本的" if SERVER_MAJOR else ""
    sys.exit(f"找不到{wanted} {name}：请安装 PostgreSQL 客户端（如 apt-get install postgresql-client-16）")


def use_server(server: str) -> None:
    """Learn the server's major version, so that pg_dump and pg_restore match it."""
    global SERVER_MAJOR
    SERVER_MAJOR = int(psql(libpq(server, "postgres"), "SHOW server_version_num")) // 10000


def server_url(arg: str | None) -> str:
    if arg:
        return arg
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    sys.path.insert(0, str(REPO / "libs" / "servicekit"))
    from servicekit.devdb import embedded_server

    return str(embedded_server(REPO / "var" / "pg").get_uri())


def libpq(server: str, database: str) -> str:
    """A libpq connection URI for `database` on `server` (keeps host, socket directory, credentials)."""
    return make_url(server).set(drivername="postgresql", database=database).render_as_string(hide_password=False)


def database(service: str) -> str:
    return f"qsrp_{service}"


def psql(uri: str, sql: str) -> str:
    out = subprocess.run([pg_bin("psql"), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, uri],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def dump(to: Path, server: str) -> dict[str, object]:
    to.mkdir(parents=True, exist_ok=True)
    entries = []
    for service in SERVICES:
        uri = libpq(server, database(service))
        target = to / f"{database(service)}.dump"
        subprocess.run([pg_bin("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                        f"--file={target}", f"--dbname={uri}"], check=True)
        revision = psql(uri, "SELECT version_num FROM alembic_version")
        entries.append({"service": service, "database": database(service), "file": target.name,
                        "bytes": target.stat().st_size, "sha256": sha256(target), "revision": revision})
        print(f"已备份 {database(service)}：{target.stat().st_size:,} 字节，迁移版本 {revision}")
    manifest = {"created_at": dt.datetime.now(dt.UTC).isoformat(), "format": "pg_dump custom", "databases": entries}
    (to / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def verify(source: Path) -> dict[str, object]:
    """The manifest, after checking every file it lists; exits with a message on the first mismatch."""
    path = source / MANIFEST
    if not path.exists():
        sys.exit(f"备份目录中没有 {MANIFEST}：{source}")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for entry in manifest["databases"]:
        file = source / entry["file"]
        if not file.exists():
            sys.exit(f"备份文件缺失：{file}")
        if sha256(file) != entry["sha256"]:
            sys.exit(f"备份文件校验失败（SHA-256 不符），已停止，未写入任何数据库：{file}")
    return manifest


def restore(source: Path, server: str, *, replace: bool) -> None:
    manifest = verify(source)
    admin = libpq(server, "postgres")
    # Check every target before touching any: a refused restore writes nothing.
    for entry in manifest["databases"]:
        name = entry["database"]
        exists = psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
        if exists and not replace:
            tables = psql(libpq(server, name),
                          "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            if int(tables or 0) > 0:
                sys.exit(f"数据库 {name} 已有数据；确认要覆盖时加 --replace（将删除后重建）")
    for entry in manifest["databases"]:
        name = entry["database"]
        if replace:
            psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
            psql(admin, f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        subprocess.run([pg_bin("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                        f"--dbname={libpq(server, name)}", str(source / entry["file"])], check=True)
        revision = psql(libpq(server, name), "SELECT version_num FROM alembic_version")
        print(f"已恢复 {name}：迁移版本 {revision}（备份时 {entry['revision']}）")


def main() -> None:
    parser = argparse.ArgumentParser(description="平台数据库的备份与恢复（pg_dump / pg_restore，每个服务一个库）")
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="备份全部服务数据库到一个目录")
    d.add_argument("--to", type=Path, default=None, help="目标目录（默认 backups/<时间>）")
    d.add_argument("--server", help="PostgreSQL 服务器 URL（默认 $DATABASE_URL 或内置数据库）")
    r = sub.add_parser("restore", help="从备份目录恢复全部服务数据库")
    r.add_argument("--from", dest="source", type=Path, required=True)
    r.add_argument("--server")
    r.add_argument("--replace", action="store_true", help="目标库已有数据时删除后重建")
    v = sub.add_parser("verify", help="只校验备份目录中的文件")
    v.add_argument("--from", dest="source", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "dump":
        to = args.to or REPO / "backups" / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        server = server_url(args.server)
        use_server(server)
        dump(to, server)
        print(f"备份完成：{to}")
    elif args.command == "restore":
        server = server_url(args.server)
        use_server(server)
        restore(args.source, server, replace=args.replace)
        print("恢复完成")
    else:
        verify(args.source)
        print("校验通过")


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:  # pg_dump / pg_restore / psql said why on stderr
        detail = (exc.stderr or "").strip() if isinstance(exc.stderr, str) else ""
        sys.exit(f"命令失败（退出码 {exc.returncode}）：{Path(str(exc.cmd[0])).name} {detail}")
