"""The recompile loop, measured side by side in one run (issue 12):

- a no-op recompile ÷ `specc check` of the same spec (target ≤ 2);
- a one-field change recompiled with the selective gate ÷ the same change with
  `--full-gate`, for a field of each of two helpdesk entities (target ≤ 0.4);
- the full gate of each example spec;
- where the helpdesk's gate goes: starting pytest and importing the app (collection),
  then each test's setup (database rows, users), call and teardown (emptying the tables).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "helpdesk" / "spec.md"
SPECC = [sys.executable, "-m", "compiler"]
RUNS = 5
FIELDS = {
    "Ticket": ("| title         | text ", "| flavour       | text? | |\n| title         | text "),
    "Tag": (
        "| name  | text | required; unique; pattern",
        "| hue   | text? | |\n| name  | text | required; unique; pattern",
    ),
}
"""One optional field added before a field of the entity (the marker line must be unique)."""


def run(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def best(command: list[str]) -> float:
    return min(run(command) for _ in range(RUNS))


def no_op_ratio(scratch: Path) -> None:
    out = str(scratch / "noop")
    compile_ = [*SPECC, "compile", str(SPEC), "-o", out, "--no-gate"]
    run(compile_)
    check = best([*SPECC, "check", str(SPEC)])
    noop = best(compile_)
    print(
        f"recompile: no-op {noop:.3f} s, check {check:.3f} s, ratio {noop / check:.2f} (target ≤ 2)"
    )


def one_field_ratio(scratch: Path, entity: str, marker: str, added: str) -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert text.count(marker) == 1, marker
    timings = {}
    for mode in ("selective", "full"):
        project = scratch / f"{entity}-{mode}"
        project.mkdir()
        spec, out = project / "spec.md", project / "helpdesk"
        spec.write_text(text, encoding="utf-8")
        run([*SPECC, "compile", str(spec), "-o", str(out)])
        spec.write_text(text.replace(marker, added), encoding="utf-8")
        extra = ["--full-gate"] if mode == "full" else []
        timings[mode] = run([*SPECC, "compile", str(spec), "-o", str(out), *extra])
        if mode == "selective":
            audit = (out / ".specc" / "audit.jsonl").read_text().splitlines()[-1]
            files = json.loads(audit)["gate_selection"].get("files")
            chosen = "all" if files == "all" else f"{len(files)} test files"
    ratio = timings["selective"] / timings["full"]
    print(
        f"recompile: one field of {entity}: selective {timings['selective']:.1f} s ({chosen}), "
        f"full gate {timings['full']:.1f} s, ratio {ratio:.2f} (target ≤ 0.4)"
    )


def full_gates(scratch: Path) -> None:
    for spec in sorted(ROOT.glob("specs/*/spec.md")):
        out = scratch / f"gate-{spec.parent.name}"
        seconds = run([*SPECC, "compile", str(spec), "-o", str(out), "--offline"])
        audit = json.loads((out / ".specc" / "audit.jsonl").read_text().splitlines()[-1])
        gate = audit["gate"]
        print(
            f"recompile: full compile with gate of {spec.parent.name}: {seconds:.1f} s, "
            f"{gate['passed']} tests passed"
        )
        shutil.rmtree(out)


_PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
_PYTEST += ["-p", "no:schemathesis", "-p", "no:hypothesispytest"]


def gate_breakdown() -> None:
    """The generated suite of the committed helpdesk example, run the way the gate runs it,
    with `gate_phases` summing each test's setup (database rows, users), call and teardown
    (emptying the tables); the rest is starting pytest and importing the app."""
    app = ROOT / "examples" / "helpdesk"
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "bench")}
    started = time.perf_counter()
    result = subprocess.run(
        [*_PYTEST, "-p", "gate_phases"], cwd=app, capture_output=True, text=True, env=environment
    )
    total = time.perf_counter() - started
    found = re.search(
        r"phases: setup ([\d.]+) call ([\d.]+) teardown ([\d.]+) tests (\d+)", result.stdout
    )
    assert result.returncode == 0 and found, result.stdout[-2000:]
    setup, call, teardown = (float(found.group(n)) for n in (1, 2, 3))
    tests = int(found.group(4))
    start = total - setup - call - teardown
    print(
        f"recompile: helpdesk gate {total:.1f} s for {tests} tests: start and collection "
        f"{start:.1f} s, setup {setup:.1f} s, call {call:.1f} s, teardown {teardown:.1f} s "
        f"({1000 * (setup + call + teardown) / tests:.0f} ms a test)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        no_op_ratio(scratch)
        for entity, (marker, added) in FIELDS.items():
            one_field_ratio(scratch, entity, marker, added)
        full_gates(scratch)
    gate_breakdown()


if __name__ == "__main__":
    main()
