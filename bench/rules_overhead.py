"""The per-request cost of checking Rules on create, in each example app.

Run with `.venv/bin/python bench/rules_overhead.py [--app NAME] [-n 300] [--sql]`.
Each example spec (`specs/<app>/spec.md`) is compiled twice with
`compiler.gate.build(..., gate=False)` into a temporary directory: as it is, and
with every `### Rules` section removed (`strip_rules`; the stripped spec must
still pass the front end). Each of the 2 × 3 apps then runs in its own
subprocess (every generated app is a package named `app`): migrated with alembic
on a fresh SQLite file, rows and bodies made with the app's own
`tests/factories.py` `Factory` (before the clock starts), then in-process with
`TestClient` it sends 20 warm-up creates and times N creates of an entity with
rules, as a role allowed to create:

- helpdesk: `POST /api/tickets` as customers (4 rules), five tickets each
  ("A customer may have at most five unresolved tickets at a time");
- inventory: `POST /api/order-lines` as a manager (4 rules: stock available, whole
  packs, one line per product and order, not below cost), each line a product of
  its own on one draft order;
- bookings: `POST /api/bookings` as a staff user (7 rules: room overlap, free places,
  closures, ...), each booking on a day of its own. Staff, because the rule
  "at most three upcoming bookings" would refuse a member's fourth create.

It prints ms per create with and without rules, their ratio, and the SQL
statements of one create (a `before_cursor_execute` listener on the app's
engine). Without rules the checks are gone from the API *and* from the
database (rules that compile to CHECK constraints), so the difference is the
whole cost of the Rules sections. Times vary by a few percent between runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("helpdesk", "inventory", "bookings")
WARMUP = 20
N = 300
STATEMENT_SAMPLES = 5

# app -> (entity, plural, role)
TARGETS = {
    "helpdesk": ("Ticket", "tickets", "customer"),
    "inventory": ("OrderLine", "order-lines", "manager"),
    "bookings": ("Booking", "bookings", "staff"),
}


def _fence(line: str) -> str | None:
    stripped = line.lstrip()
    for marker in ("```", "~~~"):
        if stripped.startswith(marker):
            return marker
    return None


def strip_rules(text: str) -> str:
    """`text` without its `### Rules` sections: each from its heading up to the next
    heading of any level (headings inside fenced blocks do not count).

    Example blocks that `expect error "…"` are dropped too: such an error must quote
    a rule's sentence (E710), and with no rules left the front end would refuse them.
    """
    out: list[str] = []
    skipping = False
    fence: str | None = None
    block: list[str] = []
    for line in text.split("\n"):
        marker = _fence(line)
        if fence is not None:
            block.append(line)
            if marker == fence and line.strip() == fence:
                fence = None
                is_failing_example = block[0].strip().endswith("example") and any(
                    item.strip().startswith("expect error") for item in block
                )
                if not skipping and not is_failing_example:
                    out.extend(block)
                block = []
            continue
        if marker is not None:
            fence, block = marker, [line]
            continue
        if line.startswith("#"):
            skipping = line.strip().lower() == "### rules"
            if skipping:
                continue
        if not skipping:
            out.append(line)
    out.extend(block)  # an unclosed fence: keep it as it was
    return "\n".join(out)


def rules_sections(text: str) -> int:
    """How many `### Rules` headings (outside fenced blocks) `text` has."""
    count, fence = 0, None
    for line in text.split("\n"):
        marker = _fence(line)
        if fence is not None:
            if marker == fence:
                fence = None
        elif marker is not None:
            fence = marker
        elif line.strip().lower() == "### rules":
            count += 1
    return count


def compile_app(text: str, spec_path: Path, out: Path) -> None:
    """Front end + `build(..., gate=False)` of `text` (saved at `spec_path`) into `out`."""
    from compiler.frontend import analyse_text
    from compiler.gate import build
    from compiler.generate import generate

    spec_path.write_text(text, encoding="utf-8")
    result = analyse_text(text, str(spec_path))
    if not result.ok:
        errors = [str(d) for d in result.diagnostics if d.is_error]
        raise SystemExit(f"{spec_path}: the front end refuses it:\n" + "\n".join(errors[:10]))
    built = build(result.spec, spec_path, out, generate, gate=False)
    if not built.ok:
        raise SystemExit(f"{spec_path}: build failed: {[str(d) for d in built.diagnostics][:10]}")


# --- worker: one generated app, in its own process -------------------------------


def _prepare(app: str, factory, count: int) -> list[tuple[dict, dict[str, str]]]:
    """`count` valid create bodies, each with the headers of a user allowed to create it."""
    _, headers = factory.actor(TARGETS[app][2])
    if app == "helpdesk":
        # "A customer may have at most five unresolved tickets": five per customer.
        product = factory.product(active=True, code="BEN", name="Benchmark product")
        requests = []
        for i in range(count):
            if i % 5 == 0:
                _, headers = factory.actor("customer")
            requests.append((factory.ticket_body(product=product), headers))
        return requests
    if app == "inventory":
        order = factory.sales_order(number="SO-90000", status="draft")
        requests = []
        for i in range(count):
            product = factory.product(sku=f"{i:08d}", name=f"Bench product {i}", active=True)
            factory.stock_move(product=product, kind="receipt", quantity=10000)
            body = factory.order_line_body(sales_order=order, product=product, quantity=1)
            requests.append((body, headers))
        return requests
    if app == "bookings":
        space = factory.space(name="Bench room", code="BNCH", kind="room", capacity=10)
        start = date.today() + timedelta(days=1)
        return [
            (
                factory.booking_body(space=space, day=start + timedelta(days=i), start_hour=9),
                headers,
            )
            for i in range(count)
        ]
    raise ValueError(app)


def worker(app: str, app_dir: Path, n: int) -> dict:
    warnings.filterwarnings("ignore", message="Using `httpx`")
    sys.path.insert(0, str(ROOT))
    from bench.queries import count_queries, load_app

    work = Path(tempfile.mkdtemp(prefix="specc-bench-rules-db-"))
    try:
        main_module = load_app(app_dir, f"sqlite:///{work / 'bench.db'}")
        from app.core import db
        from fastapi.testclient import TestClient
        from sqlmodel import Session
        from tests.factories import Factory

        plural = TARGETS[app][1]
        with Session(db.engine) as session:
            requests = _prepare(app, Factory(session), WARMUP + n + STATEMENT_SAMPLES)
        failures: list[str] = []

        def create(body: dict, headers: dict[str, str]) -> None:
            response = client.post(f"/api/{plural}", json=body, headers=headers)
            if response.status_code != 201 and len(failures) < 3:
                failures.append(f"HTTP {response.status_code}: {response.text[:300]}")
            elif response.status_code != 201:
                failures.append("")

        with TestClient(main_module.app) as client:
            for body, headers in requests[:WARMUP]:
                create(body, headers)
            started = time.perf_counter()
            for body, headers in requests[WARMUP : WARMUP + n]:
                create(body, headers)
            elapsed = time.perf_counter() - started
            counts, statements = [], []
            for body, headers in requests[WARMUP + n :]:
                with count_queries(db.engine) as log:
                    create(body, headers)
                counts.append(log.count)
                statements = log.statements
        return {
            "ms": elapsed / n * 1000,
            "statements": counts,
            "sql": statements,
            "failures": len(failures),
            "errors": [f for f in failures if f],
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_worker(app: str, app_dir: Path, n: int) -> dict:
    proc = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            app,
            str(app_dir),
            "-n",
            str(n),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    if proc.returncode != 0:
        return {
            "ms": None,
            "statements": [],
            "sql": [],
            "failures": -1,
            "errors": [proc.stderr[-2000:]],
        }
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=APPS, action="append", help="only this app (repeatable)")
    parser.add_argument("-n", type=int, default=N, help=f"timed creates per app (default {N})")
    parser.add_argument("--sql", action="store_true", help="print the statements of one create")
    parser.add_argument("--worker", nargs=2, metavar=("APP", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args.worker[0], Path(args.worker[1]), args.n)))
        return 0

    sys.path.insert(0, str(ROOT))
    apps = args.app or list(APPS)
    work = Path(tempfile.mkdtemp(prefix="specc-bench-rules-"))
    results: dict[tuple[str, str], dict] = {}
    removed: dict[str, int] = {}
    try:
        for app in apps:
            text = (ROOT / "specs" / app / "spec.md").read_text(encoding="utf-8")
            stripped = strip_rules(text)
            removed[app] = rules_sections(text) - rules_sections(stripped)
            for variant, spec_text in (("rules", text), ("no rules", stripped)):
                slug = variant.replace(" ", "-")
                out = work / f"{app}-{slug}"
                compile_app(spec_text, work / f"{app}-{slug}.md", out)
                results[app, variant] = run_worker(app, out, args.n)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"ms per create (TestClient, in-process, SQLite; {WARMUP} warm-up, {args.n} timed), "
        "each example compiled with and without its Rules sections\n"
    )
    header = [
        "app",
        "create",
        "as",
        "sections",
        "ms rules",
        "ms none",
        "ratio",
        "SQL rules",
        "SQL none",
    ]
    rows = []
    for app in apps:
        entity, _, role = TARGETS[app]
        with_, without = results[app, "rules"], results[app, "no rules"]
        ratio = f"{with_['ms'] / without['ms']:.2f}" if with_["ms"] and without["ms"] else "-"
        rows.append(
            [
                app,
                entity,
                role,
                str(removed[app]),
                f"{with_['ms']:.2f}" if with_["ms"] else "-",
                f"{without['ms']:.2f}" if without["ms"] else "-",
                ratio,
                "/".join(sorted({str(c) for c in with_["statements"]})) or "-",
                "/".join(sorted({str(c) for c in without["statements"]})) or "-",
            ]
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [c.ljust(w) for c, w in zip(row[:3], widths[:3], strict=True)]
        cells += [c.rjust(w) for c, w in zip(row[3:], widths[3:], strict=True)]
        print("  ".join(cells))
    print(
        "\nsections: `### Rules` sections removed from the spec; ratio: ms with rules / ms "
        "without; SQL: statements per create (the signed-in user, the checks, the INSERT, ...)"
    )
    for (app, variant), result in results.items():
        if result["failures"]:
            print(f"error: {app} ({variant}): {result['failures']} creates failed")
            for error in result["errors"]:
                print(f"  {error.strip()}")
    if args.sql:
        for (app, variant), result in results.items():
            print(f"\n{app} ({variant}), one create:")
            for statement in result["sql"]:
                print(f"  {statement[:200]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
