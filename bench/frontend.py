"""Benchmark of the front end (parse + lower + check) on synthetic specs.

Run with `make bench` (`.venv/bin/python bench/frontend.py`). Prints a table of
spec size, median time, time per 10 entities and peak memory for 10, 100 and
1,000 entities, whether the cost grows linearly, and whether the target
"1,000 entities in under 2 s" is met. It never fails on speed.

`--profile` additionally runs cProfile on the 1,000-entity spec and prints the
top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import synthetic_spec  # noqa: E402
from compiler.frontend import analyse_text  # noqa: E402

SIZES: tuple[tuple[int, int], ...] = ((10, 15), (100, 7), (1000, 3))
"""(entities, timed runs): fewer runs for the large spec."""
FIELDS_PER_ENTITY = 10
TARGET_ENTITIES = 1000
TARGET_SECONDS = 2.0


def time_runs(text: str, runs: int) -> list[float]:
    """Wall-clock seconds of `runs` front-end runs on `text` (one warm-up first)."""
    analyse_text(text, "synthetic.md")
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        analyse_text(text, "synthetic.md")
        times.append(time.perf_counter() - start)
    return times


def peak_memory(text: str) -> int:
    """Peak bytes allocated by one front-end run (tracemalloc; a separate, slower run)."""
    gc.collect()
    tracemalloc.start()
    try:
        analyse_text(text, "synthetic.md")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def fmt_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        # first column left-aligned, numbers right-aligned
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def linearity(ratio: float, factor: float) -> str:
    if ratio <= factor * 1.25:
        return "linear"
    if ratio <= factor * 2:
        return "slightly super-linear"
    return "super-linear"


def profile(text: str, top: int = 10) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    analyse_text(text, "synthetic.md")
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="cProfile the largest spec")
    args = parser.parse_args(argv)

    print(f"specc front end (parse + lower + check), {FIELDS_PER_ENTITY} fields per entity")
    print(f"Python {sys.version.split()[0]}; median of N runs after one warm-up\n")

    rows: list[list[str]] = []
    medians: dict[int, float] = {}
    texts: dict[int, str] = {}
    for entities, runs in SIZES:
        text = synthetic_spec(entities, FIELDS_PER_ENTITY)
        texts[entities] = text
        result = analyse_text(text, "synthetic.md")
        if result.diagnostics:
            print(f"warning: the {entities}-entity spec has {len(result.diagnostics)} diagnostics")
        times = time_runs(text, runs)
        median = statistics.median(times)
        medians[entities] = median
        peak = peak_memory(text)
        rows.append(
            [
                f"{entities:,}",
                f"{len(text.encode()) / 1024:,.0f}",
                f"{text.count(chr(10)) + 1:,}",
                str(runs),
                f"{median * 1000:,.1f}",
                f"{min(times) * 1000:,.1f}",
                f"{median * 1000 / (entities / 10):,.2f}",
                f"{peak / (1024 * 1024):,.1f}",
            ]
        )

    header = [
        "entities",
        "size KB",
        "lines",
        "runs",
        "median ms",
        "min ms",
        "ms / 10 entities",
        "peak MiB",
    ]
    print(fmt_table(header, rows))
    print()

    small, mid, large = (size for size, _ in SIZES)
    r_mid = medians[mid] / medians[small]
    r_large = medians[large] / medians[mid]
    print(
        f"scaling: time({mid})/time({small}) = {r_mid:.1f}x ({linearity(r_mid, mid / small)}), "
        f"time({large})/time({mid}) = {r_large:.1f}x ({linearity(r_large, large / mid)}); "
        f"linear would be {mid / small:.0f}x and {large / mid:.0f}x"
    )
    verdict = "MET" if medians[TARGET_ENTITIES] < TARGET_SECONDS else "NOT MET"
    print(
        f"target: {TARGET_ENTITIES:,} entities in under {TARGET_SECONDS:.0f} s: {verdict} "
        f"({medians[TARGET_ENTITIES]:.2f} s)"
    )

    if args.profile:
        print(f"\ncProfile of one run on {large:,} entities (top 10 by cumulative time):\n")
        print(profile(texts[large]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
