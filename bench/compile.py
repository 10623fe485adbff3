"""Benchmark of a whole compile (`specc compile`) on synthetic specs.

Run with `.venv/bin/python bench/compile.py`. For synthetic specs of 10 and 100
entities it times what `specc compile SPEC -o OUT` does — the front end, then
`compiler.gate.build` — and breaks the time down into its phases:

- front end: read + parse + lower + check (`analyse_file`);
- generate: `generate(spec)`, the in-memory tree (view-models + templates);
- prepare: validating the tree and inspecting OUT for hand edits;
- stage: writing the tree to the staging directory;
- ruff: `ruff check --fix` + `ruff format` on the staged Python files, the manifest
  and the digests of OUT and the staging tree;
- gate: the generated app's own tests (only with the gate);
- promote: the audit entry, fsync of the staging tree and the atomic swap.

The phases come from the `progress` messages `build` emits at each step, plus a
timer around `generate`. Compiles without the gate are repeated (median shown);
with the gate they run once. A no-change recompile (the same spec into an OUT
that already holds its output) is timed too. It prints whether the target
"100 entities without the gate in under 3 s" is met and never fails on speed.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import synthetic_spec  # noqa: E402
from compiler.frontend import analyse_file  # noqa: E402
from compiler.gate import build  # noqa: E402
from compiler.generate import generate  # noqa: E402
from compiler.ir.model import Spec  # noqa: E402
from compiler.output.tree import GeneratedTree  # noqa: E402

FIELDS_PER_ENTITY = 10
SIZES: tuple[tuple[int, int], ...] = ((10, 5), (100, 3))
"""(entities, timed runs without the gate)."""
TARGET_ENTITIES = 100
TARGET_SECONDS = 3.0
GATE_BUDGET_S = 60.0
"""Skip the gate on the larger spec if the smaller one suggests it would take longer."""

PHASES = ("front end", "generate", "prepare", "stage", "ruff", "gate", "promote")
_PROGRESS_PHASE = {
    "staging": "stage",
    "formatting": "ruff",
    "ruff not found": "ruff",
    "running": "gate",
    "promoting": "promote",
}


@dataclass
class Timing:
    phases: dict[str, float] = field(default_factory=dict)
    files: int = 0
    changed: int = 0
    ok: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(self.phases.values())


def timed_compile(spec_path: Path, out: Path, *, gate: bool) -> Timing:
    """Front end + build of `spec_path` into `out`, timed per phase, as `specc compile` does."""
    timing = Timing()
    start = time.perf_counter()
    result = analyse_file(spec_path, spec_path.name)
    timing.phases["front end"] = time.perf_counter() - start
    if not result.ok or result.spec is None:
        timing.ok = False
        timing.problems = [f"{d.code.id}: {d.message}" for d in result.diagnostics[:5]]
        return timing

    marks: list[tuple[str, float]] = []

    def progress(message: str) -> None:
        for prefix, phase in _PROGRESS_PHASE.items():
            if message.startswith(prefix):
                marks.append((phase, time.perf_counter()))
                return

    def timed_generate(spec: Spec) -> GeneratedTree:
        begin = time.perf_counter()
        tree = generate(spec)
        end = time.perf_counter()
        marks.append(("generate", begin))
        marks.append(("prepare", end))
        timing.files = len(tree)
        return tree

    begin = time.perf_counter()
    built = build(result.spec, spec_path, out, timed_generate, gate=gate, progress=progress)
    end = time.perf_counter()
    # build's own set-up (lock, recovery, spec digest) counts as "prepare".
    marks.insert(0, ("prepare", begin))
    marks.append(("end", end))
    for (phase, at), (_, until) in itertools.pairwise(marks):
        timing.phases[phase] = timing.phases.get(phase, 0.0) + (until - at)
    timing.ok = built.ok
    timing.changed = len(built.changed)
    timing.problems = [f"{d.code.id}: {d.message}" for d in built.diagnostics[:5]]
    return timing


def median_timing(runs: list[Timing]) -> Timing:
    """Per-phase medians (so the phases add up to roughly the median total)."""
    merged = Timing(files=runs[0].files, changed=runs[0].changed, ok=all(r.ok for r in runs))
    for phase in PHASES:
        values = [r.phases[phase] for r in runs if phase in r.phases]
        if values:
            merged.phases[phase] = statistics.median(values)
    merged.problems = [p for r in runs for p in r.problems][:5]
    return merged


def fmt_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f}"


def row(label: str, timing: Timing, runs: int) -> list[str]:
    cells = [label, str(timing.files), str(runs)]
    cells += [ms(timing.phases.get(phase)) for phase in PHASES]
    cells.append(f"{timing.total:,.2f}")
    return cells


def check_spec(entities: int, text: str, work: Path) -> Path | None:
    """Write the spec; None (with a message) if the front end finds anything in it."""
    path = work / f"synthetic{entities}.md"
    path.write_text(text, encoding="utf-8")
    result = analyse_file(path, path.name)
    if result.diagnostics:
        codes = sorted({d.code.id for d in result.diagnostics})
        print(
            f"warning: the {entities}-entity spec has {len(result.diagnostics)} diagnostics "
            f"({', '.join(codes)}); ok={result.ok}"
        )
    return path if result.ok else None


def run_repeated(
    action: Callable[[int], Timing], runs: int, label: str, problems: list[str]
) -> Timing:
    timings = [action(i) for i in range(runs)]
    failed = [t for t in timings if not t.ok]
    if failed:
        problems.append(f"{label}: build failed: {'; '.join(failed[0].problems)}")
    return median_timing(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-gate", action="store_true", help="skip the compiles with the gate")
    args = parser.parse_args(argv)

    print(f"specc compile (front end + build), {FIELDS_PER_ENTITY} fields per entity")
    print(f"Python {sys.version.split()[0]}; times in ms, total in s\n")

    rows: list[list[str]] = []
    problems: list[str] = []
    totals: dict[str, float] = {}
    work = Path(tempfile.mkdtemp(prefix="specc-bench-compile-"))
    try:
        # Warm-up: imports, template loading and ruff's first start are not part of a compile.
        warm = check_spec(1, synthetic_spec(1, FIELDS_PER_ENTITY), work)
        if warm is not None:
            timed_compile(warm, work / "warm", gate=False)

        specs: dict[int, Path] = {}
        for entities, runs in SIZES:
            path = check_spec(entities, synthetic_spec(entities, FIELDS_PER_ENTITY), work)
            if path is None:
                problems.append(
                    f"{entities} entities: the synthetic spec does not pass the front end"
                )
                continue
            specs[entities] = path

            def fresh(i: int, entities: int = entities, path: Path = path) -> Timing:
                out = work / f"out{entities}-{i}"
                timing = timed_compile(path, out, gate=False)
                shutil.rmtree(out, ignore_errors=True)
                return timing

            timing = run_repeated(fresh, runs, f"{entities} entities", problems)
            totals[f"{entities}"] = timing.total
            rows.append(row(f"{entities} entities, no gate", timing, runs))

            out = work / f"steady{entities}"
            timed_compile(path, out, gate=False)

            def again(i: int, path: Path = path, out: Path = out) -> Timing:
                return timed_compile(path, out, gate=False)

            timing = run_repeated(again, runs, f"{entities} entities, recompile", problems)
            if timing.changed:
                problems.append(f"{entities} entities: a no-change recompile changed files")
            rows.append(row(f"{entities} entities, no change, no gate", timing, runs))

        gate_rows: list[list[str]] = []
        skipped: list[str] = []
        estimate: float | None = None
        for entities, _ in SIZES:
            if entities not in specs:
                continue
            if args.no_gate:
                skipped.append(f"skipped: {entities} entities with the gate (--no-gate)")
                continue
            if estimate is not None and estimate > GATE_BUDGET_S:
                skipped.append(
                    f"skipped: {entities} entities with the gate (estimated {estimate:.0f} s "
                    f"> budget {GATE_BUDGET_S:.0f} s)"
                )
                continue
            timing = timed_compile(specs[entities], work / f"gate{entities}", gate=True)
            if not timing.ok:
                problems.append(f"{entities} entities with the gate: {'; '.join(timing.problems)}")
            gate_rows.append(row(f"{entities} entities, gate", timing, 1))
            # The gate grows about linearly with the number of entities (plus a fixed start-up).
            gate = timing.phases.get("gate", 0.0)
            estimate = timing.total + gate * (SIZES[-1][0] / entities)
        rows += gate_rows
    finally:
        shutil.rmtree(work, ignore_errors=True)

    header = ["compile", "files", "runs", *PHASES, "total s"]
    print(fmt_table(header, rows))
    for line in skipped:
        print(line)
    print()
    print(
        "phases: front end = analyse_file; generate = generate(spec); prepare = lock, "
        "tree validation, hand-edit check; stage = write files; ruff = ruff check --fix + "
        "ruff format + manifest/digests; gate = generated tests; promote = audit, fsync, swap"
    )
    if str(TARGET_ENTITIES) in totals:
        total = totals[str(TARGET_ENTITIES)]
        verdict = "MET" if total < TARGET_SECONDS else "NOT MET"
        print(
            f"target: {TARGET_ENTITIES} entities without the gate in under "
            f"{TARGET_SECONDS:.0f} s: {verdict} ({total:.2f} s)"
        )
    for problem in problems:
        print(f"problem: {problem}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
