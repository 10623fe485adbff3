"""No-op builds (issue 12): an unchanged build key over an intact OUT does nothing."""

from __future__ import annotations

import json
from pathlib import Path

from compiler.gate import build
from compiler.gate.buildkey import build_key
from compiler.gate.pipeline import up_to_date_build
from tests.gate.fake_app import SPEC, app_tree, generator, snapshot


def audit_lines(out: Path) -> list[dict]:
    text = (out / ".specc" / "audit.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def first_build(spec_path: Path, out: Path) -> str:
    key = build_key(spec_path, gate=False, force=False)
    assert build(SPEC, spec_path, out, generator(app_tree()), gate=False, key=key).ok
    return key


def test_unchanged_key_over_intact_out_is_a_no_op(spec_path: Path, out: Path):
    key = first_build(spec_path, out)
    before = snapshot(out)

    assert up_to_date_build(spec_path, out, key) is not None

    assert snapshot(out) == before
    assert [line["result"] for line in audit_lines(out)] == ["promoted", "up to date"]
    assert audit_lines(out)[-1]["build_key"] == key


def test_changed_spec_or_options_change_the_key(spec_path: Path, out: Path):
    key = first_build(spec_path, out)
    assert build_key(spec_path, gate=True, force=False) != key
    assert build_key(spec_path, gate=False, force=True) != key
    spec_path.write_text("# Another spec\n", encoding="utf-8")
    assert build_key(spec_path, gate=False, force=False) != key
    spec_path.write_text("# A fake spec\n", encoding="utf-8")
    spec_path.with_name("spec.lock").write_text("lock\n", encoding="utf-8")
    assert build_key(spec_path, gate=False, force=False) != key


def test_hand_edit_is_not_a_no_op(spec_path: Path, out: Path):
    key = first_build(spec_path, out)
    (out / "app" / "calc.py").write_text("# edited\n", encoding="utf-8")
    assert up_to_date_build(spec_path, out, key) is None


def test_tampered_manifest_is_not_a_no_op(spec_path: Path, out: Path):
    key = first_build(spec_path, out)
    manifest = out / ".specc" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["README.md"] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert up_to_date_build(spec_path, out, key) is None


def test_deleted_hook_is_not_a_no_op(spec_path: Path, out: Path):
    key = first_build(spec_path, out)
    (out / "app" / "hooks.py").unlink()
    assert up_to_date_build(spec_path, out, key) is None


def test_stale_staging_is_cleaned_and_audited(spec_path: Path, out: Path):
    key = first_build(spec_path, out)
    stale = out.parent / ".out.specc" / "staging-deadbeef"
    (stale / "app").mkdir(parents=True)
    assert up_to_date_build(spec_path, out, key) is not None
    assert not stale.exists()
    assert audit_lines(out)[-1]["cleaned"] == ["staging-deadbeef"]


def test_editing_a_hand_written_file_is_not_a_no_op(spec_path: Path, out: Path):
    """The gate runs the user's hooks and tests, so a build after editing one is no no-op;
    user files outside `app/` and `tests/` (a virtual environment, a database) do not count."""
    key = first_build(spec_path, out)
    (out / "data.db").write_bytes(b"rows")
    (out / "app" / "__pycache__").mkdir()
    (out / "app" / "__pycache__" / "calc.cpython-311.pyc").write_bytes(b"\0")
    assert up_to_date_build(spec_path, out, key) is not None
    (out / "app" / "hooks.py").write_text("def before_save(row):\n    return None\n")
    assert up_to_date_build(spec_path, out, key) is None
    (out / "app" / "hooks.py").write_text("def before_save(row):\n    return row\n")
    assert up_to_date_build(spec_path, out, key) is not None
    (out / "tests" / "test_mine.py").write_text("def test_mine():\n    pass\n")
    assert up_to_date_build(spec_path, out, key) is None
