"""Diagnostic codes of the gate stage (G0xx: generated code, generated tests, the output
directory), re-exported by `compiler.diagnostics.codes` like every other code."""

from __future__ import annotations

from compiler.diagnostics.registry import define

__all__ = [
    "GATE_DID_NOT_RUN",
    "HAND_EDIT",
    "HAND_WRITTEN_FAILED",
    "LINT_FAILED",
    "NOT_SPECC_OUTPUT",
    "STALE_OUTPUT",
    "TEST_FAILED",
    "UPGRADE_FAILED",
]

TEST_FAILED = define(
    "G001",
    "a generated test failed",
    "A test generated from the spec failed, so the output directory was left unchanged. "
    "The diagnostic points at the part of the spec the test came from.",
)
GATE_DID_NOT_RUN = define(
    "G002",
    "the generated tests could not run",
    "pytest is missing, timed out, crashed, collected no tests or could not import a test "
    "module; the output directory was left unchanged. The hint quotes the end of its output.",
)
HAND_EDIT = define(
    "G003",
    "hand edit in the output directory",
    "A generated file was edited, deleted or replaced by hand since the last build; compiling "
    "would overwrite it. Move the change into the spec or an extension point, or pass --force.",
)
NOT_SPECC_OUTPUT = define(
    "G004",
    "output directory was not made by specc",
    "The output directory is not empty and has no `.specc/manifest.json`; specc refuses to "
    "replace it. Choose another directory or pass --force.",
)
LINT_FAILED = define(
    "G005",
    "generated code fails ruff check",
    "The generated Python code has errors that `ruff check --fix` cannot fix (for instance a "
    "syntax error): this is a bug in a template or in code generation.",
)
HAND_WRITTEN_FAILED = define(
    "G006",
    "a test failed in hand-written code",
    "A test failed in a file the user owns: a test of `tests/custom/`, or a generated test that "
    "failed inside a hook or router of `app/extensions/` (often after a spec change the "
    "hand-written code does not follow yet). The output directory was left unchanged; the "
    "diagnostic points at the line of that file.",
)
STALE_OUTPUT = define(
    "G007",
    "output directory is stale",
    "`specc compile --check` found that compiling the spec would change the output directory "
    "(the committed output was not recompiled after a change to the spec or to specc). Run "
    "`specc compile` and commit the result; `specc diff` shows the change.",
)
UPGRADE_FAILED = define(
    "G008",
    "the upgrade loses or strands existing rows",
    "The gate built a database at the previous build's revision (rows made by its own test "
    "factories, or `tests/upgrade_snapshot.sql`), ran the new revisions on it and found a row "
    "or a value gone or changed, a revision failing, or a model unable to read its rows. The "
    "output directory was left unchanged; the diagnostic points at the spec change responsible.",
)
