"""The audit log: one JSON line per build in `OUT/.specc/audit.jsonl`, append-only.

Each promotion carries the previous log into the new tree and adds its own line
before the swap, so the line is there exactly when the build was promoted. A
failed build appends its line to the existing OUT's log (only when OUT is a
specc output directory), touching nothing else.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from compiler import __version__
from compiler.diagnostics import Diagnostic
from compiler.gate.ownership import AUDIT_LOG
from compiler.gate.run_tests import GateSummary

MAX_PATHS = 200
MAX_DIAGNOSTICS = 20


@dataclass(frozen=True, slots=True)
class Changes:
    """How the new tree differs from OUT (specc's own records excluded)."""

    added: tuple[str, ...]
    modified: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(sorted((*self.added, *self.modified, *self.removed)))

    @staticmethod
    def between(old: dict[str, str], new: dict[str, str]) -> Changes:
        """From two path → digest maps."""
        return Changes(
            tuple(sorted(new.keys() - old.keys())),
            tuple(sorted(p for p in new.keys() & old.keys() if new[p] != old[p])),
            tuple(sorted(old.keys() - new.keys())),
        )


@dataclass(frozen=True, slots=True)
class ModelUsage:
    """What the LLM stage of the compile spent (docs/llm.md): requests, tokens, lock hits."""

    model: str
    requests: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    """An estimate from list prices (`compiler/llm/client.py`)."""
    lock_hits: int


@dataclass(frozen=True, slots=True)
class SpecChanges:
    """What changed in the spec since the build OUT holds, by construct reference
    (`entities.Ticket.fields.title`, `entities.Ticket.rules.2`, …)."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @staticmethod
    def between(old: dict[str, str], new: dict[str, str]) -> SpecChanges:
        """From two reference → fingerprint maps (`compiler.ir.refs.fingerprints`)."""
        moved = Changes.between(old, new)
        return SpecChanges(moved.added, moved.removed, moved.modified)

    def record(self) -> dict[str, list[str]]:
        return {
            "added": list(self.added[:MAX_PATHS]),
            "removed": list(self.removed[:MAX_PATHS]),
            "changed": list(self.changed[:MAX_PATHS]),
        }


@dataclass(frozen=True, slots=True)
class AuditEntry:
    spec: str
    spec_sha256: str | None
    result: str
    """"promoted", "gate failed", "refused: hand edits", …"""
    forced: bool
    changes: Changes | None
    """None when the build stopped before comparing trees."""
    gate: GateSummary | None
    diagnostics: tuple[Diagnostic, ...]
    duration_s: float
    build_key: str | None = None
    """Set on promotions and no-ops: the key of the tree OUT now holds."""
    kept: tuple[str, ...] = ()
    """Hooks (`keep_existing` paths) the tree was given, for the no-op check."""
    overwritten: tuple[str, ...] = ()
    """Hand-edited or foreign paths `--force` replaced."""
    cleaned: tuple[str, ...] = ()
    """Leftovers of an earlier interrupted build this build removed."""
    hand_written: str | None = None
    """With `build_key`: the digest of the tree's hand-written code (`buildkey`)."""
    model_usage: ModelUsage | None = None
    """Set when the spec has prose items (answered from spec.lock or by a model)."""
    schema_impact: tuple[str, ...] = ()
    """What the build's new migration does to the database, one line per change."""
    constructs: dict[str, str] | None = None
    """The spec's fingerprints (recorded with a promotion, compared by the next build)."""
    spec_changes: SpecChanges | None = None
    """None when the spec was not read, or OUT's build recorded no fingerprints."""
    selection: dict[str, object] | None = None
    """The gate's test files (`{"files": "all"}`, or the list and the changed entities)."""
    upgrade: dict[str, object] | None = None
    """The upgrade check (`upgrade.UpgradeReport.record`): rows checked, or why skipped."""

    def line(self) -> str:
        changes = self.changes
        record = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "spec": self.spec,
            "spec_sha256": self.spec_sha256,
            "result": self.result,
            "forced": self.forced,
            "added": len(changes.added) if changes else None,
            "modified": len(changes.modified) if changes else None,
            "removed": len(changes.removed) if changes else None,
            "changed": list(changes.paths[:MAX_PATHS]) if changes else [],
            "gate": asdict(self.gate) if self.gate else None,
            "diagnostics": [_diagnostic_line(d) for d in self.diagnostics[:MAX_DIAGNOSTICS]],
            "duration_s": round(self.duration_s, 3),
            "compiler_version": __version__,
        }
        if self.spec_changes is not None:
            record["spec_changes"] = self.spec_changes.record()
        if self.selection is not None:
            record["gate_selection"] = self.selection
        if self.upgrade is not None:
            record["upgrade"] = self.upgrade
        if self.build_key:
            record["build_key"] = self.build_key
            record["kept"] = list(self.kept)
            record["hand_written"] = self.hand_written
            record["constructs"] = self.constructs
        if self.overwritten:
            record["overwritten"] = list(self.overwritten[:MAX_PATHS])
        if self.cleaned:
            record["cleaned"] = list(self.cleaned)
        if self.model_usage:
            record["llm"] = asdict(self.model_usage)
        if self.schema_impact:
            record["schema_impact"] = list(self.schema_impact[:MAX_PATHS])
        return json.dumps(record, ensure_ascii=False) + "\n"


def _diagnostic_line(d: Diagnostic) -> str:
    """`G001 12:1 message`; a diagnostic in another file names it: `G006 FILE:3:1 …`."""
    place = f"{d.file}:" if d.file else ""
    return f"{d.code.id} {place}{d.span.line}:{d.span.col} {d.message}"


def append(root: Path, entry: AuditEntry) -> None:
    """Append `entry` to the log under `root` (OUT or the staged tree)."""
    log = root / AUDIT_LOG
    log.parent.mkdir(exist_ok=True)
    with log.open("a", encoding="utf-8") as stream:
        stream.write(entry.line())
        stream.flush()
        os.fsync(stream.fileno())
