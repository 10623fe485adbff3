"""What race safety costs: create and update throughput with and without it.

Run with `.venv/bin/python bench/race_safety.py [--seconds 4] [--rounds 2]`.
The helpdesk example is served twice, side by side in one run, on each database:
as generated (every write serializable: `SERIALIZABLE` + retry on PostgreSQL,
`BEGIN IMMEDIATE` on SQLite) and with the write transactions switched off
(`race_unsafe:app`, `tests/support/app_server.UNSAFE_MODULE`). Both use uvicorn
with two workers (`tests/support/app_server.running_app`), SQLite in a temporary
file and PostgreSQL on a throwaway local server (`tests/support/postgres.py`;
skipped when there are no binaries).

Load: 8 threads (one connection each), 1 s warm-up, then `--seconds` measured,
the two apps alternating, `--rounds` rounds (mean shown).

- create: `POST /api/tickets` by customers (the rule "at most five unresolved
  tickets" counts their tickets on every create); each customer makes at most
  five, so no create is refused;
- update: `PATCH /api/tickets/{id}` of the title, as the admin, on one of 200
  tickets chosen at random.

Prints requests per second, the ratio safe/unsafe, the 503s (safe app out of
retries) and whether "safety costs at most 25% on creates" holds. It never fails
on speed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.app_server import UNSAFE_MODULE, App, app_env, running_app  # noqa: E402
from tests.support.postgres import find_bin_dir, fresh_database, throwaway_server  # noqa: E402

EXAMPLE = ROOT / "examples" / "helpdesk"
THREADS = 8
CUSTOMERS = 1200
TICKETS = 200
TARGET = 0.75


def _tokens(app: App, count: int) -> list[dict[str, str]]:
    """`count` new customers (inserted by the app's own code) and their bearer headers."""
    code = f"""
from sqlmodel import Session
from app.core.db import engine
from app.core.security import create_token
from app.models.user import Role, User
with Session(engine) as session:
    users = [User(email=f"c{{i}}@example.com", name=f"C {{i}}", role=Role("customer"),
                  password_hash="-") for i in range({count})]
    session.add_all(users)
    session.commit()
    for user in users:
        print(create_token(user.id))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=app.app_dir,
        env=app_env(app.database_url, app.app_dir.parent / "data"),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return [{"Authorization": f"Bearer {t}"} for t in result.stdout.split()]


class Target:
    def __init__(self, app: App) -> None:
        self.app = app
        self.customers = iter(_tokens(app, CUSTOMERS))
        self.lock = threading.Lock()
        body = {"name": "Printer", "code": "PRN", "support_email": "help@example.com"}
        response = httpx.post(f"{app.base_url}/api/products", json=body, headers=app.headers)
        self.product = response.json()["id"]
        self.tickets = []
        for i in range(TICKETS):  # one per customer: the five-ticket rule never refuses them
            body = {"title": f"Seed ticket {i}", "body": "Broken.", "product_id": self.product}
            response = httpx.post(
                f"{app.base_url}/api/tickets", json=body, headers=self.next_customer()
            )
            response.raise_for_status()
            self.tickets.append(response.json()["id"])

    def next_customer(self) -> dict[str, str]:
        with self.lock:
            return next(self.customers)


def load(target: Target, endpoint: str, seconds: float) -> tuple[float, Counter[int]]:
    statuses: Counter[int] = Counter()
    done = [0]
    lock = threading.Lock()
    stop = time.monotonic() + 1 + seconds
    measure_from = time.monotonic() + 1

    def worker() -> None:
        counter = itertools.count()
        customer, made = target.next_customer(), 0
        with httpx.Client(base_url=target.app.base_url, timeout=60) as client:
            while (now := time.monotonic()) < stop:
                if endpoint == "create":
                    if made == 5:
                        customer, made = target.next_customer(), 0
                    made += 1
                    body = {
                        "title": "A new ticket",
                        "body": "Broken.",
                        "product_id": target.product,
                    }
                    response = client.post("/api/tickets", json=body, headers=customer)
                else:
                    row = random.choice(target.tickets)
                    body = {"title": f"Title {next(counter)}"}
                    response = client.patch(
                        f"/api/tickets/{row}", json=body, headers=target.app.headers
                    )
                if now >= measure_from:
                    with lock:
                        done[0] += response.status_code in (200, 201)
                        statuses[response.status_code] += 1

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / seconds, statuses


def bench_database(name: str, urls: dict[str, str | None], args: argparse.Namespace) -> list:
    rows = []
    with tempfile.TemporaryDirectory(prefix="specc-race-bench-") as tmp, ExitStack() as stack:
        targets = {}
        for variant, url in urls.items():
            app = stack.enter_context(
                running_app(
                    EXAMPLE,
                    Path(tmp) / variant,
                    database_url=url,
                    workers=2,
                    target="app.main:app" if variant == "safe" else "race_unsafe:app",
                    extra_files={} if variant == "safe" else {"race_unsafe.py": UNSAFE_MODULE},
                )
            )
            targets[variant] = Target(app)
        for endpoint in ("create", "update"):
            rates: dict[str, list[float]] = {"safe": [], "unsafe": []}
            busy = Counter()
            for _ in range(args.rounds):
                for variant in ("unsafe", "safe"):
                    rate, statuses = load(targets[variant], endpoint, args.seconds)
                    rates[variant].append(rate)
                    busy[variant] += statuses[503]
                    bad = {s: n for s, n in statuses.items() if s not in (200, 201)}
                    if bad:
                        print(f"  {name} {endpoint} {variant}: unexpected statuses {bad}")
            safe, unsafe = statistics.mean(rates["safe"]), statistics.mean(rates["unsafe"])
            rows.append((name, endpoint, unsafe, safe, safe / unsafe, busy["unsafe"], busy["safe"]))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    rows = []
    if "sqlite" in args.databases:
        rows += bench_database("sqlite", {"safe": None, "unsafe": None}, args)
    bin_dir = find_bin_dir()
    if "postgresql" not in args.databases:
        pass
    elif bin_dir is None:
        print("PostgreSQL: skipped (no binaries under /usr/lib/postgresql)")
    else:
        with throwaway_server(bin_dir) as server:
            urls = {v: fresh_database(server, f"race_bench_{v}") for v in ("safe", "unsafe")}
            rows += bench_database("postgresql", urls, args)  # type: ignore[arg-type]
    print(f"\nrace safety, helpdesk, uvicorn 2 workers, {THREADS} client threads (req/s)")
    print("(successful requests only; 503s are counted beside them)")
    header = f"{'database':<11} {'endpoint':<8} {'unsafe':>8} {'safe':>8} {'ratio':>6}"
    print(f"{header} {'503 unsafe':>10} {'503 safe':>8}")
    for name, endpoint, unsafe, safe, ratio, busy_unsafe, busy_safe in rows:
        print(
            f"{name:<11} {endpoint:<8} {unsafe:8.1f} {safe:8.1f} {ratio:6.2f}"
            f" {busy_unsafe:10d} {busy_safe:8d}"
        )
    creates = [row[4] for row in rows if row[1] == "create"]
    verdict = "met" if min(creates) >= TARGET else "NOT met"
    print(f"safety costs at most 25% on creates: {verdict} (worst ratio {min(creates):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
