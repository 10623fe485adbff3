"""The oracle: a valid spec must check (exit 0) and compile through its gate (exit 0).

Anything else is a compiler bug, classified as

- `check`    — `specc check` refused a spec the generator meant to be valid
               (a generator bug, or a front-end bug);
- `internal` — exit 3, an internal error;
- `lint`     — G005, the generated code fails ruff;
- `gate`     — G001/G002, generated tests failed or could not run;
- `timeout`  — the per-spec time limit was reached;
- `error`    — any other refusal (its first lines say which).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

_GENERATED_TEST = (
    r"generated test tests\.test_(?:\w+?_)?(fields|access|rules|examples|ui|\w+_lifecycle)"
    r"\.(test_\w+)"
)
ROOT = Path(__file__).resolve().parents[2]
SPECC = [sys.executable, "-m", "compiler"]


@dataclass(frozen=True)
class Outcome:
    kind: str
    """"ok", "check", "internal", "lint", "gate", "timeout" or "error"."""
    lines: tuple[str, ...] = ()
    """The first error lines."""

    @property
    def ok(self) -> bool:
        return self.kind == "ok"

    @property
    def signature(self) -> str:
        """What a shrunk spec must keep failing with: the kind and the first error's code."""
        found = [re.search(r"\[([EGW]\d+)\]", line) for line in self.lines]
        codes = [m.group(1) for m in found if m]
        detail = codes[0] if codes else ""
        for line in self.lines:
            test = re.search(_GENERATED_TEST, line)
            internal = re.search(r"internal error: (\w+): (.*)", line)
            if test:
                return f"{self.kind}:{test.group(1)}.{test.group(2)}"
            if internal:
                words = re.sub(r"`[^`]*`|\w+\.\w+:", "", internal.group(2)).split()
                return f"{self.kind}:{internal.group(1)}:{'-'.join(words[:4])}"
        return f"{self.kind}:{detail}"


def _run(args: list[str], timeout: float) -> tuple[int | None, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return None, out
    return proc.returncode, out


def _error_lines(output: str, limit: int = 6) -> tuple[str, ...]:
    picked = [
        line
        for line in output.splitlines()
        if "error" in line.lower() or "Traceback" in line or "internal" in line.lower()
    ]
    return tuple(picked[:limit]) or tuple(output.splitlines()[-limit:])


def check_spec(spec: Path, timeout: float = 60) -> Outcome:
    code, out = _run([*SPECC, "check", str(spec)], timeout)
    if code is None:
        return Outcome("timeout", ("specc check timed out",))
    if code == 0:
        return Outcome("ok")
    return Outcome("internal" if code == 3 else "check", _error_lines(out))


def compile_spec(spec: Path, timeout: float = 300, gate: bool = True) -> Outcome:
    """`specc check`, then `specc compile` into a fresh temporary directory."""
    checked = check_spec(spec)
    if not checked.ok:
        return checked
    out_dir = Path(tempfile.mkdtemp(prefix="specgen-out-"))
    try:
        args = [*SPECC, "compile", str(spec), "-o", str(out_dir / "app")]
        code, out = _run([*args] if gate else [*args, "--no-gate"], timeout)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    if code is None:
        return Outcome("timeout", (f"specc compile timed out after {timeout:.0f} s",))
    if code == 0:
        return Outcome("ok")
    lines = _error_lines(out)
    if code == 3:
        return Outcome("internal", lines)
    if "[G005]" in out:
        return Outcome("lint", lines)
    if "[G001]" in out or "[G002]" in out:
        return Outcome("gate", lines)
    return Outcome("error", lines)
