"""A build SIGKILLed during its gate leaves no pytest running; the next build cleans up."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from compiler.gate import build
from tests.gate.fake_app import SPEC, app_tree, generator

ROOT = Path(__file__).resolve().parents[2]
SLOW = "import time\n\ndef test_slow():\n    time.sleep(120)\n"
SCRIPT = f"""
from pathlib import Path
from compiler.gate import build
from tests.gate.fake_app import SPEC, app_tree, generator
tree = app_tree(extra={{{{"tests/test_slow.py": {SLOW!r}}}}})
build(SPEC, Path({{spec!r}}), Path({{out!r}}), generator(tree))
"""


def gate_pids(out: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cwd = os.readlink(entry / "cwd")
            except OSError:
                continue
            if cwd.startswith(str(out.parent / ".out.specc" / "staging-")):
                found.append(int(entry.name))
    return found


def test_sigkilled_gate_leaves_no_pytest_and_is_cleaned(spec_path: Path, out: Path):
    assert build(SPEC, spec_path, out, generator(app_tree()), gate=False).ok
    code = SCRIPT.format(spec=str(spec_path), out=str(out))
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    deadline = time.monotonic() + 60
    while not gate_pids(out) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert gate_pids(out), "the gate never started"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while gate_pids(out) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert gate_pids(out) == []

    assert build(SPEC, spec_path, out, generator(app_tree()), gate=False).ok
    assert sorted(p.name for p in out.parent.iterdir()) == [".out.specc", "out"]
    assert sorted(p.name for p in (out.parent / ".out.specc").iterdir()) == [".gitignore", "lock"]
    last = json.loads((out / ".specc" / "audit.jsonl").read_text().splitlines()[-1])
    assert any(name.startswith("staging-") for name in last["cleaned"])
