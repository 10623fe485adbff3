"""The build stage as one call: generate → stage → lint → protect → gate → promote → audit.

Nothing reaches OUT unless every step passed; on any failure (or an exception)
the staging directory is deleted and OUT is left byte-identical, except for
the line the build appends to OUT's audit log.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from compiler.diagnostics import Diagnostic, codes
from compiler.gate import audit
from compiler.gate.audit import AuditEntry, Changes, ModelUsage, SpecChanges
from compiler.gate.buildkey import hand_written_digest, last_build, last_promotion, up_to_date
from compiler.gate.codes import HAND_EDIT, HAND_WRITTEN_FAILED, TEST_FAILED, UPGRADE_FAILED
from compiler.gate.files import digests, sync_tree, write_text
from compiler.gate.lint import find_ruff, lint
from compiler.gate.ownership import AUDIT_LOG, MANIFEST, inspect_out, manifest_text, user_files
from compiler.gate.promote import promote, recover
from compiler.gate.run_tests import GateSummary, run_gate
from compiler.gate.selection import EntityUses, select_tests
from compiler.gate.stage import create_staging, stage, work_dir
from compiler.gate.upgrade import check_upgrade, skip_reason
from compiler.gate.upgrade_compare import Expected
from compiler.ir.model import Spec
from compiler.ir.refs import fingerprints, spec_refs
from compiler.ir.span import Span
from compiler.ir.unmet import UnmetSpec
from compiler.output.tree import GeneratedTree, validate_tree

DEFAULT_GATE_TIMEOUT_S = 600.0


@dataclass(frozen=True, slots=True)
class BuildResult:
    ok: bool
    """True when the new tree was promoted to OUT."""
    diagnostics: tuple[Diagnostic, ...]
    changed: tuple[str, ...]
    """Paths added, modified or removed in OUT (empty when nothing was promoted)."""
    duration_s: float


_FAILED = (TEST_FAILED, HAND_WRITTEN_FAILED)
_TEST_FILE = re.compile(r"tests/(?:\w+/)*test_\w+\.py")
"""Generated test files and the user's (`tests/custom/`): `selection` runs the latter always."""
_SPEC_CHANGED = (
    "the spec changed since OUT was built, and this hand-written code passed then: "
    "make it follow the spec's change (or change the spec back)"
)


def _silent(message: str) -> None:
    """The default progress callback."""


def build(
    spec: Spec,
    spec_path: Path,
    out: Path,
    generate: Callable[[Spec], GeneratedTree],
    *,
    gate: bool = True,
    force: bool = False,
    gate_timeout_s: float = DEFAULT_GATE_TIMEOUT_S,
    progress: Callable[[str], None] = _silent,
    key: str | None = None,
    model_usage: ModelUsage | None = None,
    deps: EntityUses | None = None,
    schema_impact: tuple[str, ...] = (),
    upgrade: Expected | None = None,
) -> BuildResult:
    """Generate the app for `spec` and, if it is sound and its tests pass, make it OUT.

    `force` overwrites hand edits and takes over a directory not made by specc.
    Exceptions (a bug in `generate`, an I/O error) propagate after cleanup; they
    are recorded in the audit log too. `key` (see `buildkey`) is recorded with a
    promotion, so that the next build with the same key can be a no-op. `model_usage`
    (what the LLM stage spent) and `schema_impact` (what the new migration does, one
    line per change) go into the audit line. With `deps`, the gate runs
    only the test files the change can affect (`selection`) when OUT's build passed a
    gate. `upgrade` (what the planned revisions keep of existing rows) lets the gate
    check the upgrade of a database of OUT's build too (`upgrade`).
    """
    out = out.absolute()
    run = _Run(spec_path, out, force, time.monotonic())
    run.model_usage, run.schema_impact = model_usage, schema_impact
    with _exclusive(out, progress):
        run.cleaned = tuple(recover(out))
        previous = last_build(out)
        run.read_spec(spec, previous)
        staging: Path | None = None
        try:
            progress("generating code …")
            try:
                tree = generate(spec)
            except UnmetSpec as error:
                return run.failed("no test data", [no_test_data(error)])
            validate_tree(tree)
            state = inspect_out(out, tree, force=force)
            if force:
                refused = inspect_out(out, tree, force=False).diagnostics
                run.overwritten = tuple(_refused_paths(out, refused))
            if state.diagnostics:
                hand_edits = any(d.code is HAND_EDIT for d in state.diagnostics)
                reason = "hand edits" if hand_edits else "output directory not made by specc"
                return run.failed(f"refused: {reason}", state.diagnostics)
            progress(f"staging {len(tree)} files …")
            staging = create_staging(out)
            written = stage(tree, staging, out, state.carried)
            ruff = find_ruff()
            if ruff is None:
                progress("ruff not found: generated code is neither fixed nor formatted")
            else:
                progress("formatting generated code with ruff …")
                if problems := lint(ruff, staging, [p for p in written if p.endswith(".py")]):
                    return run.failed("ruff check failed", problems)
            generated = [f.path for f in tree if not f.keep_existing]
            write_text(staging / MANIFEST, manifest_text(digests(staging, generated)))
            run.changes = Changes.between(
                digests(out, user_files(out)), digests(staging, user_files(staging))
            )
            if gate:
                only = _selection(run, previous, deps, staging, progress)
                result = run_gate(
                    staging,
                    gate_timeout_s,
                    spec_refs(spec).locate,
                    only,
                    hand_written=frozenset(state.carried),
                )
                run.gate = result.summary
                if result.diagnostics:
                    failed = any(d.code in _FAILED for d in result.diagnostics)
                    outcome = "gate failed" if failed else "gate could not run"
                    located = _in_out(out, result.diagnostics, run.spec_changed())
                    return run.failed(outcome, located)
                if (
                    refused := _check_upgrade(run, staging, upgrade, gate_timeout_s, progress)
                ) is not None:
                    return refused
            progress("promoting …")
            run.key, run.kept = key, tuple(sorted(f.path for f in tree if f.keep_existing))
            run.hand_written = hand_written_digest(staging)
            audit.append(staging, run.entry("promoted", ()))
            sync_tree(staging)
            promote(staging, out)
            staging = None
            return BuildResult(True, (), run.changes.paths, run.elapsed())
        except BaseException as error:
            run.failed(f"error: {type(error).__name__}: {error}", ())
            raise
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)


class _Run:
    """What one build has learnt so far, for its audit entry."""

    def __init__(self, spec_path: Path, out: Path, force: bool, started: float) -> None:
        self.spec_path, self.out, self.force, self.started = spec_path, out, force, started
        self.spec_sha256 = _sha256(spec_path)
        self.changes: Changes | None = None
        self.gate: GateSummary | None = None
        self.key: str | None = None
        self.kept: tuple[str, ...] = ()
        self.overwritten: tuple[str, ...] = ()
        self.cleaned: tuple[str, ...] = ()
        self.hand_written: str | None = None
        self.model_usage: ModelUsage | None = None
        self.schema_impact: tuple[str, ...] = ()
        self.constructs: dict[str, str] | None = None
        self.spec_changes: SpecChanges | None = None
        self.selection: dict[str, object] | None = None
        self.upgrade: dict[str, object] | None = None

    def spec_changed(self) -> bool:
        """Whether the spec differs from the one OUT's current build was made from."""
        record = last_promotion(self.out)
        return record is not None and record.get("spec_sha256") != self.spec_sha256

    def read_spec(self, spec: Spec, previous: dict | None) -> None:
        """Fingerprint the spec; compare with the build OUT holds if that recorded its own."""
        self.constructs = fingerprints(spec)
        before = (previous or {}).get("constructs")
        if isinstance(before, dict):
            self.spec_changes = SpecChanges.between(before, self.constructs)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def entry(self, result: str, diagnostics: tuple[Diagnostic, ...]) -> AuditEntry:
        return AuditEntry(
            spec=str(self.spec_path),
            spec_sha256=self.spec_sha256,
            result=result,
            forced=self.force,
            changes=self.changes,
            gate=self.gate,
            diagnostics=diagnostics,
            duration_s=self.elapsed(),
            build_key=self.key,
            kept=self.kept,
            overwritten=self.overwritten,
            cleaned=self.cleaned,
            hand_written=self.hand_written,
            model_usage=self.model_usage,
            schema_impact=self.schema_impact,
            constructs=self.constructs,
            spec_changes=self.spec_changes,
            selection=self.selection,
            upgrade=self.upgrade,
        )

    def failed(
        self, result: str, diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]
    ) -> BuildResult:
        """Record a failed build in OUT's existing log; the result to return."""
        if (self.out / AUDIT_LOG).parent.is_dir():
            audit.append(self.out, self.entry(result, tuple(diagnostics)))
        return BuildResult(False, tuple(diagnostics), (), self.elapsed())


def no_test_data(error: UnmetSpec) -> Diagnostic:
    """E641 for test data the generator could not derive, at the field or rule it names."""
    return Diagnostic(
        codes.NO_TEST_DATA,
        f"the generated tests need data this spec does not let the generator derive: {error}",
        error.span or Span.point(1, 1),
        hint="loosen the constraint named (a bound, pattern, `only where` or `unique (…)`), "
        "or state it more simply: the gate needs valid rows to test the app",
    )


def _selection(
    run: _Run,
    previous: dict | None,
    deps: EntityUses | None,
    staging: Path,
    progress: Callable[[str], None],
) -> tuple[str, ...] | None:
    """The test files the gate runs (None: all), said in one progress line and audited."""
    tests = sorted(p for p in user_files(staging) if _TEST_FILE.fullmatch(p))
    passed = bool(previous and previous.get("gate") and not previous["gate"].get("failed"))
    chosen = None
    if deps is not None and passed and run.changes is not None:
        chosen = select_tests(run.changes.paths, deps, tests)
    if chosen is None:
        progress("running generated tests …")
        run.selection = {"files": "all"}
        return None
    changed = ", ".join(chosen.changed) or "no entity"
    progress(f"running {len(chosen.tests)} of {chosen.total} test files (changed: {changed}) …")
    run.selection = {"files": list(chosen.tests), "changed": list(chosen.changed)}
    return chosen.tests


def _check_upgrade(
    run: _Run,
    staging: Path,
    expected: Expected | None,
    timeout_s: float,
    progress: Callable[[str], None],
) -> BuildResult | None:
    """The upgrade check, said in progress lines and audited; the failed result, if it failed."""
    if skip_reason(run.out, staging, expected) is None:
        progress("checking the upgrade of a database of the previous build …")
    report = check_upgrade(run.out, staging, expected, timeout_s)
    progress(report.line())
    run.upgrade = report.record()
    if not report.diagnostics:
        return None
    failed = any(d.code is UPGRADE_FAILED for d in report.diagnostics)
    return run.failed(
        "upgrade check failed" if failed else "gate could not run", report.diagnostics
    )


def up_to_date_build(
    spec_path: Path, out: Path, key: str, progress: Callable[[str], None] = _silent
) -> BuildResult | None:
    """The no-op build: when OUT holds the build of `key`, intact, record that in
    the audit log and return the result; otherwise None (a real build is needed).
    Generates, stages and tests nothing."""
    out = out.absolute()
    run = _Run(spec_path, out, False, time.monotonic())
    with _exclusive(out, progress):
        run.cleaned = tuple(recover(out))
        if not up_to_date(out, key):
            if run.cleaned:
                audit.append(out, run.entry("cleaned leftovers", ()))
            return None
        record = last_build(out) or {}
        run.key, run.kept = key, tuple(record.get("kept") or ())
        run.hand_written = record.get("hand_written")
        run.constructs = record.get("constructs")
        run.changes = Changes((), (), ())
        audit.append(out, run.entry("up to date", ()))
        return BuildResult(True, (), (), run.elapsed())


def _in_out(
    out: Path, diagnostics: tuple[Diagnostic, ...], spec_changed: bool
) -> tuple[Diagnostic, ...]:
    """Diagnostics in hand-written files, located in OUT (the gate ran a copy); when the
    spec changed since OUT's build, their hint says that the change is the likely cause."""
    hint = _SPEC_CHANGED if spec_changed else None
    return tuple(
        replace(d, file=str(out / d.file), hint=hint or d.hint) if d.file else d
        for d in diagnostics
    )


def record_failure(
    spec_path: Path,
    out: Path,
    result: str,
    diagnostics: list[Diagnostic],
    model_usage: ModelUsage | None = None,
) -> None:
    """Audit a compile stopped before the build stage (spec errors), if OUT is specc's."""
    run = _Run(spec_path, out.absolute(), False, time.monotonic())
    run.model_usage = model_usage
    run.failed(result, diagnostics)


def _refused_paths(out: Path, diagnostics: tuple[Diagnostic, ...]) -> list[str]:
    """The paths of OUT that G003/G004 refusals name (what `--force` overwrites)."""
    prefix = f"{out}/"
    found = []
    for d in diagnostics:
        first = d.message.split(" ", 1)[0]
        found.append(first[len(prefix) :] if first.startswith(prefix) else str(out))
    return sorted(set(found))


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextmanager
def _exclusive(out: Path, progress: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock in OUT's work directory: builds of one OUT run one at a time."""
    descriptor = os.open(work_dir(out) / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(f"waiting for another build of {out} …")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
