"""No-op recompile time ÷ `specc check` time of the same spec, side by side (target ≤ 2)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "helpdesk" / "spec.md"
SPECC = [sys.executable, "-m", "compiler"]
RUNS = 5


def best(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = str(Path(scratch) / "helpdesk")
        compile_ = [*SPECC, "compile", str(SPEC), "-o", out, "--no-gate"]
        subprocess.run(compile_, check=True, capture_output=True, cwd=ROOT)
        check = best([*SPECC, "check", str(SPEC)])
        noop = best(compile_)
    ratio = noop / check
    print(f"recompile: no-op {noop:.3f} s, check {check:.3f} s, ratio {ratio:.2f} (target ≤ 2)")


if __name__ == "__main__":
    main()
