"""`make fuzz`: compile N generated specs through the gate; report and shrink the failures.

    python -m tests.specgen.fuzz --n 200 --seed 0 --jobs 2 --timeout 300

Spec k of a run is `spec_model(RandomChoice(seed + k))`, so a failure is
reproduced by its seed alone. Each failure's first error lines are printed;
the first failure of each signature (kind and first code) is shrunk by delta
reduction and written to `build/fuzz/<signature>-seed<S>/spec.md` with a
README line, ready to be copied to `tests/regressions/`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.specgen.build import spec_model
from tests.specgen.choice import RandomChoice
from tests.specgen.model import SpecModel
from tests.specgen.oracle import ROOT, Outcome, compile_spec
from tests.specgen.render import render
from tests.specgen.shrink import shrink


def model_for(seed: int, avoid: frozenset[str] = frozenset()) -> SpecModel:
    return spec_model(RandomChoice(seed), avoid=avoid)


def run_model(model: SpecModel, timeout: float) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="specgen-") as tmp:
        spec = Path(tmp) / "spec.md"
        spec.write_text(render(model), encoding="utf-8")
        return compile_spec(spec, timeout=timeout)


def _save(directory: Path, model: SpecModel, outcome: Outcome, seed: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "spec.md").write_text(render(model), encoding="utf-8")
    first = outcome.lines[0] if outcome.lines else outcome.kind
    readme = f"Generated spec (seed {seed}, shrunk) fails: {outcome.kind}: {first}\n"
    (directory / "README").write_text(readme, encoding="utf-8")
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300, help="seconds per compile")
    parser.add_argument("--shrink-budget", type=float, default=300, help="seconds per signature")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "fuzz")
    parser.add_argument(
        "--avoid", default="", help="known bug classes to leave out, e.g. a,b (see build.KNOWN)"
    )
    args = parser.parse_args(argv)
    avoid = frozenset(filter(None, args.avoid.split(",")))

    seeds = range(args.seed, args.seed + args.n)
    started = time.monotonic()
    failures: list[tuple[int, Outcome]] = []

    models = {seed: model_for(seed, avoid) for seed in seeds}  # built here: not thread-safe

    def one(seed: int) -> tuple[int, Outcome]:
        outcome = run_model(models[seed], args.timeout)
        mark = "ok" if outcome.ok else f"FAIL {outcome.signature}"
        print(f"seed {seed}: {mark}", flush=True)
        return seed, outcome

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for seed, outcome in pool.map(one, seeds):
            if not outcome.ok:
                failures.append((seed, outcome))

    passed = args.n - len(failures)
    summary = [
        f"{passed} of {args.n} generated specs passed (seeds {seeds.start}..{seeds.stop - 1},"
        f" avoiding {','.join(sorted(avoid)) or 'nothing'}, {time.monotonic() - started:.0f} s)"
    ]
    classes: dict[str, int] = {}
    for _, outcome in failures:
        classes[outcome.signature] = classes.get(outcome.signature, 0) + 1
    for signature, count in sorted(classes.items(), key=lambda kv: -kv[1]):
        summary.append(f"  {count:4d}  {signature}")
    print("\n" + "\n".join(summary), flush=True)
    shrunk: dict[str, Path] = {}
    for seed, outcome in failures:
        signature = outcome.signature
        if signature not in shrunk:
            model = shrink(
                models[seed],
                lambda m, sig=signature: run_model(m, args.timeout).signature == sig,
                budget_s=args.shrink_budget,
            )
            name = signature.replace(":", "-").strip("-") + f"-seed{seed}"
            shrunk[signature] = _save(args.out / name, model, outcome, seed)
        print(f"\nseed {seed}: {outcome.kind} — reproduction: {shrunk[signature]}/spec.md")
        for line in outcome.lines[:4]:
            print(f"    {line}")
    print("\n" + "\n".join(summary))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
