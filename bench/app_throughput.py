"""Requests per second of the generated helpdesk app against a hand-written app.

Run with `.venv/bin/python bench/app_throughput.py` (about 90 s with the default
2 rounds). The generated app is a private copy of `examples/helpdesk`; the
hand-written one is `bench/handwritten/app.py` (its Product entity only). Both:

- are served by uvicorn (1 worker, no reload, `--log-level warning`, no access
  log) on loopback ports, each in its own process group;
- use a SQLite file in a temporary directory: the generated app's database is
  migrated with `alembic upgrade head`, gets an admin from `python -m app.cli
  create-user` and 200 products; the hand-written app gets a copy of that file,
  so the table and its rows are the same;
- are first probed with the same requests (list, get, create, the 404, 401 and
  422 cases), which must give the same status codes and JSON shapes.

The load comes from a separate process: httpx with 8 threads (one connection
each), per endpoint 1 s of warm-up then 5 s measured, the apps alternating, in
2 rounds (mean shown). Endpoints: list (`?limit=20`), get by a random id, create
(a new product each time; the rows created are deleted after each run). It
prints req/s, latency percentiles and the server's CPU time per request (which
does not depend on the load generator), the ratio generated/hand-written, and
whether "within 10%" is met. It never fails on speed.

`--profile` runs cProfile over the same requests in-process for both apps and
prints where the generated app spends the extra time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "helpdesk"
PYTHON = sys.executable
SEED_ROWS = 200
PAGE = 20
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.com", "correct horse battery"
SECRET_KEY = "bench-secret-key-for-both-apps-000000000000"
ENDPOINTS = ("list", "get", "create")
TARGET_RATIO = 0.9
COPY_IGNORE = shutil.ignore_patterns("__pycache__", "*.db", ".specc", ".venv")
LOAD_CODE_START = 1000
"""Products created under load use codes from this index on (3 letters: 17,576 codes)."""


# --------------------------------------------------------------------------- data


def code_for(index: int) -> str:
    """The `index`-th three-letter product code (AAA, AAB, …)."""
    index %= 26**3
    return "".join(chr(65 + index // 26**k % 26) for k in (2, 1, 0))


def seed_products(database: Path, rows: int = SEED_ROWS) -> None:
    """`rows` products, written directly (the same bytes for both apps)."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        connection.executemany(
            "INSERT INTO product (name, code, active, homepage, support_email, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    f"Product {i:03d}",
                    code_for(i),
                    i % 7 != 0,
                    f"https://example.com/p/{i}" if i % 2 else None,
                    f"support{i}@example.com",
                    now,
                    now,
                )
                for i in range(rows)
            ],
        )


def delete_load_rows(database: Path) -> None:
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("DELETE FROM product WHERE name LIKE 'Load %'")


# --------------------------------------------------------------------------- parity probe


def shape(value: Any) -> Any:
    """The JSON skeleton of a value: keys and types, lists by their first item."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def probe(client: Any, token: str, tag: str = "probe") -> dict[str, Any]:
    """The same requests against an app (an httpx client or a TestClient): what comes back.

    For each case the status code, the JSON shape and, for errors, the detail
    (for 422s: where each error is), so two apps can be compared.
    """
    auth = {"Authorization": f"Bearer {token}"}
    good = {
        "name": f"Probe {tag}",
        "code": "ZZZ",
        "support_email": "probe@example.com",
        "homepage": "https://example.com/probe",
    }
    cases: dict[str, tuple[str, str, dict[str, Any] | None, dict[str, str]]] = {
        "list": ("GET", f"/api/products?limit={PAGE}", None, auth),
        "list active": ("GET", "/api/products?limit=5&active=false&sort=-name", None, auth),
        "list bad limit": ("GET", "/api/products?limit=1000", None, auth),
        "list anonymous": ("GET", "/api/products", None, {}),
        "list bad token": ("GET", "/api/products", None, {"Authorization": "Bearer nonsense"}),
        "get": ("GET", "/api/products/1", None, auth),
        "get missing": ("GET", "/api/products/999999", None, auth),
        "create": ("POST", "/api/products", good, auth),
        "create duplicate name": ("POST", "/api/products", {**good, "code": "ZZY"}, auth),
        "create duplicate code": ("POST", "/api/products", {**good, "name": "Other"}, auth),
        "create bad code": ("POST", "/api/products", {**good, "code": "abc"}, auth),
        "create blank name": ("POST", "/api/products", {**good, "name": "   "}, auth),
        "create bad email": ("POST", "/api/products", {**good, "support_email": "x"}, auth),
        "create bad homepage": ("POST", "/api/products", {**good, "homepage": "ftp:/x"}, auth),
        "create missing field": ("POST", "/api/products", {"name": "Nameless"}, auth),
        "create not bool": ("POST", "/api/products", {**good, "active": "yes"}, auth),
    }
    results: dict[str, Any] = {}
    for name, (method, url, body, headers) in cases.items():
        response = client.request(method, url, json=body, headers=headers)
        payload = response.json()
        result: dict[str, Any] = {"status": response.status_code, "shape": shape(payload)}
        if response.status_code >= 400:
            detail = payload.get("detail")
            if isinstance(detail, list):
                detail = sorted(
                    (tuple(str(p) for p in item.get("loc", ())), item.get("type"))
                    for item in detail
                )
            result["detail"] = detail
        if name == "create" and response.status_code == 201:
            result["body"] = {k: payload[k] for k in ("name", "code", "active", "homepage")}
        results[name] = result
    return results


def compare_probes(generated: dict[str, Any], handwritten: dict[str, Any]) -> list[str]:
    """The cases where the two apps answer differently."""
    return [
        f"{case}: generated {generated[case]} / hand-written {handwritten.get(case)}"
        for case in generated
        if generated[case] != handwritten.get(case)
    ]


# --------------------------------------------------------------------------- servers


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU time of the uvicorn process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(name: str, target: str, cwd: Path, database: Path, work: Path) -> Server:
    port = free_port()
    log = work / f"{name}.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": SECRET_KEY,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [PYTHON, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", "1", "--log-level", "warning", "--no-access-log"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Server(name, process, port, log)


def wait_ready(server: Server, timeout: float = 30.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not start:\n{server.log.read_text()[-2000:]}")


def stop_group(process: subprocess.Popen[Any], timeout: float = 5.0) -> None:
    """SIGTERM the process group of `process`, SIGKILL it if it does not end in time."""
    if process.poll() is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # stray children of a finished leader
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def login(server: Server) -> str:
    import httpx

    response = httpx.post(
        f"{server.url}/api/auth/token",
        data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=10.0,
    )
    response.raise_for_status()
    return response.json()["access_token"]


# --------------------------------------------------------------------------- load generator


def load(
    url: str, token: str, endpoint: str, seconds: float, warmup: float, concurrency: int
) -> dict[str, Any]:
    """Hit one endpoint from `concurrency` threads; count what completes in the measured window."""
    import itertools

    import httpx

    counter = itertools.count(LOAD_CODE_START)
    start = time.perf_counter()
    window = (start + warmup, start + warmup + seconds)
    results: list[list[tuple[float, float, int]]] = [[] for _ in range(concurrency)]

    def worker(index: int) -> None:
        rng = random.Random(index)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, headers=headers, timeout=30.0) as client:
            while (begun := time.perf_counter()) < window[1]:
                if endpoint == "list":
                    response = client.get("/api/products", params={"limit": PAGE})
                elif endpoint == "get":
                    response = client.get(f"/api/products/{rng.randint(1, SEED_ROWS)}")
                else:
                    n = next(counter)
                    body = {
                        "name": f"Load {n}",
                        "code": code_for(n),
                        "support_email": f"load{n}@example.com",
                        "homepage": "https://example.com/load",
                    }
                    response = client.post("/api/products", json=body)
                results[index].append((begun, time.perf_counter(), response.status_code))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    measured = [r for rs in results for r in rs if r[0] >= window[0] and r[1] <= window[1]]
    latencies = sorted(end - begun for begun, end, _ in measured)
    expected = 201 if endpoint == "create" else 200
    errors = sum(1 for *_, code in measured if code != expected)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0

    return {
        "requests": len(measured),
        "errors": errors,
        "rps": len(measured) / seconds,
        "p50_ms": pct(0.5) * 1000,
        "p99_ms": pct(0.99) * 1000,
    }


def run_load(server: Server, token: str, endpoint: str, args: argparse.Namespace) -> dict[str, Any]:
    """The load generator in its own process (and process group); the server's CPU time too."""
    command = [PYTHON, __file__, "_load", server.url, token, endpoint]
    command += [str(args.seconds), str(args.warmup), str(args.concurrency)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        time.sleep(args.warmup)
        cpu_before = server.cpu_seconds()
        time.sleep(args.seconds)
        cpu = server.cpu_seconds() - cpu_before
        stdout, stderr = process.communicate(timeout=args.seconds + args.warmup + 60)
    finally:
        stop_group(process)
    if process.returncode != 0:
        raise RuntimeError(f"load generator failed: {stderr.decode()[-2000:]}")
    result = json.loads(stdout)
    result["cpu_ms_per_request"] = cpu * 1000 / max(result["requests"], 1)
    result["cpu_share"] = cpu / args.seconds
    return result


# --------------------------------------------------------------------------- set-up


def prepare_generated(work: Path) -> tuple[Path, Path]:
    """A private copy of the example, its database migrated, an admin and 200 products."""
    app_dir = work / "helpdesk"
    shutil.copytree(EXAMPLE, app_dir, ignore=COPY_IGNORE)
    database = work / "generated.db"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": SECRET_KEY,
        "PASSWORD": ADMIN_PASSWORD,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    alembic = Path(PYTHON).with_name("alembic")
    steps = [
        [str(alembic), "upgrade", "head"],
        [PYTHON, "-m", "app.cli", "create-user", ADMIN_EMAIL, "Admin", "admin"],
    ]
    for step in steps:
        subprocess.run(step, cwd=app_dir, env=env, check=True, capture_output=True)
    seed_products(database)
    return app_dir, database


def fmt_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [c.ljust(w) for c, w in zip(row[:2], widths[:2], strict=True)]
        cells += [c.rjust(w) for c, w in zip(row[2:], widths[2:], strict=True)]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def mean_result(runs: list[dict[str, Any]]) -> dict[str, float]:
    return {key: statistics.fmean(run[key] for run in runs) for key in runs[0]}


def benchmark(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="specc-bench-throughput-"))
    servers: list[Server] = []
    try:
        app_dir, generated_db = prepare_generated(work)
        handwritten_db = work / "handwritten.db"
        shutil.copyfile(generated_db, handwritten_db)
        servers = [
            start_server("generated", "app.main:app", app_dir, generated_db, work),
            start_server("handwritten", "bench.handwritten.app:app", ROOT, handwritten_db, work),
        ]
        databases = {"generated": generated_db, "handwritten": handwritten_db}
        for server in servers:
            wait_ready(server)
        tokens = {server.name: login(server) for server in servers}

        import httpx

        probes = {}
        for server in servers:
            with httpx.Client(base_url=server.url, timeout=10.0) as client:
                probes[server.name] = probe(client, tokens[server.name])
        differences = compare_probes(probes["generated"], probes["handwritten"])

        results: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for round_ in range(args.rounds):
            for endpoint in ENDPOINTS:
                order = servers if round_ % 2 == 0 else servers[::-1]
                for server in order:
                    result = run_load(server, tokens[server.name], endpoint, args)
                    results.setdefault((endpoint, server.name), []).append(result)
                    if endpoint == "create":
                        delete_load_rows(databases[server.name])
    finally:
        for server in servers:
            stop_group(server.process)
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"generated helpdesk app vs hand-written FastAPI + SQLModel, Product entity; "
        f"{SEED_ROWS} rows, SQLite, uvicorn 1 worker;\nload: httpx, {args.concurrency} threads, "
        f"{args.warmup:g} s warm-up + {args.seconds:g} s per endpoint and app, "
        f"mean of {args.rounds} rounds; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}\n"
    )
    if differences:
        print("PARITY: the apps answer differently (the comparison is not like for like):")
        for line in differences:
            print(f"  {line}")
    else:
        count = len(probes["generated"])
        print(f"parity: both apps give the same status and JSON shape in {count} probes")
    print()
    header = ["endpoint", "app", "req/s", "p50 ms", "p99 ms", "errors", "CPU ms/req", "CPU %"]
    rows, ratios = [], {}
    for endpoint in ENDPOINTS:
        means = {}
        for name in ("generated", "handwritten"):
            mean = means[name] = mean_result(results[(endpoint, name)])
            rows.append(
                [
                    endpoint if name == "generated" else "",
                    name,
                    f"{mean['rps']:,.0f}",
                    f"{mean['p50_ms']:.1f}",
                    f"{mean['p99_ms']:.1f}",
                    f"{mean['errors']:.0f}",
                    f"{mean['cpu_ms_per_request']:.2f}",
                    f"{mean['cpu_share'] * 100:.0f}",
                ]
            )
        ratios[endpoint] = (
            means["generated"]["rps"] / means["handwritten"]["rps"],
            means["handwritten"]["cpu_ms_per_request"] / means["generated"]["cpu_ms_per_request"],
        )
    print(fmt_table(header, rows))
    print()
    for endpoint, (rps_ratio, cpu_ratio) in ratios.items():
        verdict = "within 10%" if rps_ratio >= TARGET_RATIO else "NOT within 10%"
        print(
            f"{endpoint:7s} generated/hand-written: req/s {rps_ratio:.2f} ({verdict}); "
            f"by server CPU per request {cpu_ratio:.2f}"
        )
    met = all(rps >= TARGET_RATIO for rps, _ in ratios.values())
    verdict = "MET" if met else "NOT MET"
    print(f"target: the generated app within 10% of the hand-written one: {verdict}")
    if args.profile:
        print()
        profile_both()
    return 0


# --------------------------------------------------------------------------- profile


PROFILE_FOCUS = (
    r"routes/product.py|services/product.py|handwritten/app.py|api/deps.py|core/security.py"
    r"|\(validate_email\)|\(model_validate\)|\(sqlmodel_validate\)|\(serialize_response\)"
    r"|orm/session.py:\d+\((_execute_internal|commit|refresh|flush)\)|\(solve_dependencies\)"
)
"""What `--profile` prints: the apps' own functions and the library calls that matter."""


def profile_both(requests: int = 300) -> None:
    """cProfile of the same requests in-process for each app, each in a fresh process."""
    for which in ("generated", "handwritten"):
        subprocess.run([PYTHON, __file__, "_profile", which, str(requests)], check=False)


def _profile_main(which: str, requests: int) -> int:
    """Profile `requests` requests per endpoint, all on one thread.

    An ASGI client in the same event loop, and FastAPI's thread pool replaced by a
    direct call, so cProfile (which sees one thread) sees the whole request.
    """
    import asyncio
    import cProfile
    import io
    import pstats
    import warnings

    import anyio.to_thread
    import httpx

    warnings.filterwarnings("ignore", message="Using `httpx`")

    async def run_inline(func, *args, abandon_on_cancel=False, cancellable=None, limiter=None):
        return func(*args)

    anyio.to_thread.run_sync = run_inline
    work = Path(tempfile.mkdtemp(prefix="specc-bench-profile-"))
    try:
        app_dir, database = prepare_generated(work)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
        os.environ["SECRET_KEY"] = SECRET_KEY
        sys.dont_write_bytecode = True
        if which == "generated":
            sys.path.insert(0, str(app_dir))
            from app.core.db import engine
            from app.main import app
        else:
            sys.path.insert(0, str(ROOT))
            from bench.handwritten.app import app, engine
        from bench.queries import count_queries

        async def profile_endpoints() -> None:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
                form = {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
                token = (await client.post("/api/auth/token", data=form)).json()["access_token"]
                headers = {"Authorization": f"Bearer {token}"}
                for endpoint in ENDPOINTS:
                    calls = _profile_calls(client, headers, endpoint)
                    for _ in range(30):  # warm-up
                        await next(calls)()
                    with count_queries(engine) as log:
                        await next(calls)()
                    profiler = cProfile.Profile()
                    began = time.perf_counter()
                    profiler.enable()
                    for _ in range(requests):
                        await next(calls)()
                    profiler.disable()
                    elapsed = time.perf_counter() - began
                    out = io.StringIO()
                    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
                    stats.print_stats(PROFILE_FOCUS, 16)
                    print(
                        f"==== {which}, {endpoint}: {elapsed * 1000 / requests:.2f} ms per request "
                        f"in-process under cProfile, {log.count} SQL statements per request"
                    )
                    for statement in log.statements:
                        print(f"  SQL: {statement[:96]}")
                    print("cumulative time of selected functions:")
                    lines = out.getvalue().splitlines()
                    first = next(
                        i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")
                    )
                    print("\n".join(line for line in lines[first:] if line.strip()))
                    print()

        asyncio.run(profile_endpoints())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _profile_calls(client: Any, headers: dict[str, str], endpoint: str):
    """Endless zero-argument callables, each making one request of `endpoint`."""
    import itertools

    rng = random.Random(0)
    for n in itertools.count(LOAD_CODE_START):
        if endpoint == "list":
            yield lambda: client.get("/api/products", params={"limit": PAGE}, headers=headers)
        elif endpoint == "get":
            row_id = rng.randint(1, SEED_ROWS)
            yield lambda row_id=row_id: client.get(f"/api/products/{row_id}", headers=headers)
        else:
            body = {"name": f"Load {n}", "code": code_for(n), "support_email": "l@example.com"}
            yield lambda body=body: client.post("/api/products", json=body, headers=headers)


def probe_generated_in_process() -> dict[str, Any]:
    """`probe` against the generated app through a TestClient.

    Run it in a fresh process: it imports the example's `app` package. The same
    set-up as `prepare_generated`, without subprocesses (for the smoke tests).
    """
    import warnings

    warnings.filterwarnings("ignore", message="Using `httpx`")
    work = Path(tempfile.mkdtemp(prefix="specc-bench-probe-"))
    try:
        app_dir = work / "helpdesk"
        shutil.copytree(EXAMPLE, app_dir, ignore=COPY_IGNORE)
        database = work / "generated.db"
        url = f"sqlite:///{database}"
        os.environ.update(DATABASE_URL=url, SECRET_KEY=SECRET_KEY, PASSWORD=ADMIN_PASSWORD)
        sys.dont_write_bytecode = True
        sys.path.insert(0, str(app_dir))
        from alembic import command
        from alembic.config import Config

        config = Config(str(app_dir / "alembic.ini"))
        config.set_main_option("script_location", str(app_dir / "migrations"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        from app.cli import main as cli
        from app.core.security import create_token
        from app.main import app
        from fastapi.testclient import TestClient

        with contextlib.redirect_stdout(sys.stderr):
            cli(["create-user", ADMIN_EMAIL, "Admin", "admin"])
        seed_products(database)
        with TestClient(app) as client:
            return probe(client, create_token(1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_load"]:
        url, token, endpoint, seconds, warmup, concurrency = argv[1:7]
        result = load(url, token, endpoint, float(seconds), float(warmup), int(concurrency))
        print(json.dumps(result))
        return 0
    if argv[:1] == ["_profile"]:
        return _profile_main(argv[1], int(argv[2]))
    if argv[:1] == ["_probe"]:
        print(json.dumps(probe_generated_in_process()))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds per run")
    parser.add_argument("--concurrency", type=int, default=8, help="load generator threads")
    parser.add_argument("--rounds", type=int, default=2, help="runs per endpoint and app")
    parser.add_argument("--profile", action="store_true", help="cProfile both apps afterwards")
    args = parser.parse_args(argv)

    def interrupted(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    return benchmark(args)


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
