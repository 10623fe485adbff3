"""The build stage end to end, with fake generators: promotion, determinism, refusals."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from compiler.gate import GeneratedFile, build
from compiler.gate.audit import MAX_PATHS
from tests.gate.fake_app import FAILING_TEST, SPEC, app_tree, generator, snapshot

GENERATED = [
    "README.md",
    "app/__init__.py",
    "app/calc.py",
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/test_calc.py",
]


def audit_lines(out: Path) -> list[dict]:
    text = (out / ".specc" / "audit.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def leftovers(out: Path) -> list[str]:
    """What builds left outside OUT: entries beside it other than OUT and its work
    directory, and entries of the work directory other than its lock and `.gitignore`."""
    work = out.parent / ".out.specc"
    outside = [p.name for p in out.parent.iterdir() if p.name not in (out.name, work.name)]
    inside = [p.name for p in work.iterdir() if p.name not in ("lock", ".gitignore")]
    return sorted(outside + inside)


def test_first_build_creates_out_with_manifest_and_audit_line(spec_path: Path, out: Path):
    messages: list[str] = []
    result = build(SPEC, spec_path, out, generator(app_tree()), progress=messages.append)

    assert result.ok and result.diagnostics == ()
    assert result.changed == tuple(sorted([*GENERATED, "app/hooks.py"]))
    manifest = json.loads((out / ".specc" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest) == GENERATED  # the hook is the user's from now on
    assert (out / "app" / "calc.py").read_text() == "def add(a, b):\n    return a + b\n"
    assert (out / "README.md").read_bytes() == b"A fake app.\nGenerated.\n"
    [line] = audit_lines(out)
    assert line["result"] == "promoted" and line["added"] == 7 and line["removed"] == 0
    assert line["gate"] == {"passed": 1, "failed": 0, "errors": 0, "skipped": 0}
    assert line["spec"] == str(spec_path) and len(line["spec_sha256"]) == 64
    assert line["compiler_version"] and line["time"].endswith("+00:00")
    assert "running generated tests …" in messages
    assert leftovers(out) == []
    assert not list(out.rglob("__pycache__")) and not (out / ".pytest_cache").exists()


def test_rebuild_of_the_same_tree_changes_nothing(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    before = snapshot(out)

    result = build(SPEC, spec_path, out, generator(app_tree()), gate=False)

    assert result.ok and result.changed == ()
    assert snapshot(out) == before
    assert [line["result"] for line in audit_lines(out)] == ["promoted", "promoted"]


def test_changed_lists_added_modified_and_removed_files(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree(extra={"old.txt": "x\n"})), gate=False)
    tree = app_tree(extra={"new.txt": "y\n", "README.md": "changed\n"})
    tree = tuple(f for f in tree if f.path != "old.txt")

    result = build(SPEC, spec_path, out, generator(tree), gate=False)

    assert result.changed == ("README.md", "new.txt", "old.txt")
    assert not (out / "old.txt").exists()
    line = audit_lines(out)[-1]
    assert (line["added"], line["modified"], line["removed"]) == (1, 1, 1)


def test_audit_log_keeps_at_most_the_first_changed_paths(spec_path: Path, out: Path):
    extra = {f"data/{i:03}.txt": "x\n" for i in range(MAX_PATHS + 5)}
    build(SPEC, spec_path, out, generator(app_tree(extra=extra)), gate=False)
    line = audit_lines(out)[0]
    assert len(line["changed"]) == MAX_PATHS and line["added"] == MAX_PATHS + 12


def test_gate_failure_leaves_out_byte_identical(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()))
    before = snapshot(out)

    result = build(SPEC, spec_path, out, generator(app_tree(test=FAILING_TEST)))

    assert not result.ok and result.changed == ()
    [diagnostic] = result.diagnostics
    assert diagnostic.code.id == "G001"
    assert (diagnostic.span.line, diagnostic.span.col) == (12, 5)
    assert "test_add_twice" in diagnostic.message and "adding is broken" in diagnostic.message
    assert snapshot(out) == before
    assert leftovers(out) == []
    line = audit_lines(out)[-1]
    assert line["result"] == "gate failed"
    assert line["gate"] == {"passed": 0, "failed": 1, "errors": 0, "skipped": 0}
    assert line["diagnostics"][0].startswith("G001 12:5 ")


def test_gate_failure_on_a_first_build_creates_nothing(spec_path: Path, out: Path):
    result = build(SPEC, spec_path, out, generator(app_tree(test=FAILING_TEST)))
    assert [d.code.id for d in result.diagnostics] == ["G001"]
    assert not out.exists() and leftovers(out) == []


def test_a_test_without_spec_marker_fails_at_the_start_of_the_spec(spec_path: Path, out: Path):
    test = "def test_unmarked():\n    assert False, 'nope'\n"
    result = build(SPEC, spec_path, out, generator(app_tree(test=test)))
    [diagnostic] = result.diagnostics
    assert diagnostic.code.id == "G001" and (diagnostic.span.line, diagnostic.span.col) == (1, 1)


@pytest.mark.parametrize(
    ("test", "reason"),
    [
        ("from nowhere_at_all import x\n\n\ndef test_x():\n    assert x\n", "status 2"),
        ("", "collected no tests"),
    ],
)
def test_gate_that_cannot_decide_is_g002(spec_path: Path, out: Path, test: str, reason: str):
    build(SPEC, spec_path, out, generator(app_tree()))
    before = snapshot(out)
    result = build(SPEC, spec_path, out, generator(app_tree(test=test)))
    [diagnostic] = result.diagnostics
    assert diagnostic.code.id == "G002" and reason in diagnostic.message
    assert snapshot(out) == before and leftovers(out) == []


def test_gate_timeout_is_g002(spec_path: Path, out: Path):
    test = "import time\n\n\ndef test_slow():\n    time.sleep(60)\n"
    result = build(SPEC, spec_path, out, generator(app_tree(test=test)), gate_timeout_s=2)
    [diagnostic] = result.diagnostics
    assert diagnostic.code.id == "G002" and "timed out after 2 s" in diagnostic.message
    assert result.duration_s < 20 and not out.exists()


def test_invalid_generated_python_is_g005(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    before = snapshot(out)
    broken = app_tree(extra={"app/calc.py": "def add(a, b:\n    return a + b\n"})
    result = build(SPEC, spec_path, out, generator(broken))
    assert {d.code.id for d in result.diagnostics} == {"G005"}
    assert "app/calc.py:1:" in result.diagnostics[0].message
    assert snapshot(out) == before and leftovers(out) == []
    assert audit_lines(out)[-1]["result"] == "ruff check failed"


def test_a_generator_that_raises_leaves_out_untouched(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    before = snapshot(out)

    def explode(spec):
        raise RuntimeError("template broke")

    with pytest.raises(RuntimeError, match="template broke"):
        build(SPEC, spec_path, out, explode)
    assert snapshot(out) == before and leftovers(out) == []
    assert audit_lines(out)[-1]["result"] == "error: RuntimeError: template broke"


@pytest.mark.parametrize("path", ["/abs.py", "../up.py", "a//b.py", ".specc/x", "app"])
def test_invalid_tree_paths_are_refused(spec_path: Path, out: Path, path: str):
    with pytest.raises(ValueError):
        build(SPEC, spec_path, out, generator((*app_tree(), GeneratedFile(path, ""))))
    assert not out.exists()


def test_hand_edit_is_refused_unless_forced(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    (out / "app" / "calc.py").write_text("def add(a, b):\n    return 42\n")
    (out / "README.md").unlink()
    before = snapshot(out)

    refused = build(SPEC, spec_path, out, generator(app_tree()), gate=False)

    assert [(d.code.id, Path(d.message.split()[0]).name) for d in refused.diagnostics] == [
        ("G003", "README.md"),
        ("G003", "calc.py"),
    ]
    assert "deleted" in refused.diagnostics[0].message
    assert "edited" in refused.diagnostics[1].message
    assert snapshot(out) == before
    assert audit_lines(out)[-1]["result"] == "refused: hand edits"

    forced = build(SPEC, spec_path, out, generator(app_tree()), gate=False, force=True)

    assert forced.ok and forced.changed == ("README.md", "app/calc.py")
    assert "a + b" in (out / "app" / "calc.py").read_text()
    assert audit_lines(out)[-1]["forced"] is True


def test_out_not_made_by_specc_is_refused_unless_forced(spec_path: Path, out: Path):
    out.mkdir(parents=True)
    (out / "notes.txt").write_text("mine\n")
    (out / "app").mkdir()
    (out / "app" / "calc.py").write_text("old\n")

    refused = build(SPEC, spec_path, out, generator(app_tree()), gate=False)

    assert [d.code.id for d in refused.diagnostics] == ["G004"]
    assert sorted(p.name for p in out.rglob("*")) == ["app", "calc.py", "notes.txt"]

    forced = build(SPEC, spec_path, out, generator(app_tree()), gate=False, force=True)

    assert forced.ok
    assert (out / "notes.txt").read_text() == "mine\n"  # never generated: carried over
    assert "a + b" in (out / "app" / "calc.py").read_text()


def test_keep_existing_file_edited_by_hand_survives_rebuilds(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    assert (out / "app" / "hooks.py").read_text().startswith("def before_save")
    (out / "app" / "hooks.py").write_text("def before_save(row):\n    return None\n")

    for _ in range(2):
        result = build(SPEC, spec_path, out, generator(app_tree()))
        assert result.ok and result.changed == ()
    assert (out / "app" / "hooks.py").read_text().endswith("return None\n")


def test_files_added_by_hand_survive_unless_a_build_needs_their_path(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    (out / "data.db").write_bytes(b"\x00rows")
    (out / "app" / "extra.py").write_text("mine = 1\n")

    kept = build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    assert kept.ok and (out / "data.db").read_bytes() == b"\x00rows"

    clash = build(SPEC, spec_path, out, generator(app_tree(extra={"app/extra.py": "x = 2\n"})))
    assert [d.code.id for d in clash.diagnostics] == ["G003"]
    assert (out / "app" / "extra.py").read_text() == "mine = 1\n"


def test_a_generated_file_that_becomes_a_hook_is_kept(spec_path: Path, out: Path):
    tree = app_tree(extra={"app/hooks.py": "v1 = 1\n"})
    build(SPEC, spec_path, out, generator(tuple(f for f in tree if not f.keep_existing)))

    result = build(SPEC, spec_path, out, generator(app_tree()), gate=False)

    assert result.ok and (out / "app" / "hooks.py").read_text() == "v1 = 1\n"
    manifest = json.loads((out / ".specc" / "manifest.json").read_text(encoding="utf-8"))
    assert "app/hooks.py" not in manifest


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_status_of_a_repository_holding_out_shows_only_out(tmp_path: Path, spec_path: Path):
    """The lock, staging trees and backups live in `.out.specc/`, which ignores itself."""
    repo = tmp_path / "site"
    out = repo / "out"
    repo.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    assert build(SPEC, spec_path, out, generator(app_tree()), gate=False).ok
    leftover = repo / ".out.specc" / "staging-cafe"  # as a killed build leaves it
    leftover.mkdir()
    (leftover / "README.md").write_text("half a tree\n")

    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert status and all(line.startswith("?? out/") for line in status), status
