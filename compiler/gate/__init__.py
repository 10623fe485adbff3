"""The gate stage: everything after code generation.

`build` stages the generated tree next to OUT, formats and lints it, refuses to
overwrite hand edits, runs the generated tests (the gate), swaps the new tree
into OUT atomically and appends to OUT's audit log. See `pipeline` for the steps
and `run_tests` for the contract generated tests follow.
"""

from compiler.gate.pipeline import BuildResult, build
from compiler.gate.promote import recover
from compiler.output.tree import GeneratedFile, GeneratedTree

__all__ = ["BuildResult", "GeneratedFile", "GeneratedTree", "build", "recover"]
