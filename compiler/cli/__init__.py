"""The `specc` command line: `check`, `ir`, `compile` (and its CI `--check`), `diff`,
`init`, `lock`, `lift` and `codes`; one module per family of commands.

Exit status: 0 when the spec has no errors (warnings allowed), 1 when it has
errors, 2 for usage errors (bad arguments), 3 for an internal compiler error —
which is reported in one line, never as a traceback (set SPECC_DEBUG=1 to see it).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from compiler import __version__
from compiler.cli import building, llm, outputs, spec_commands
from compiler.cli.common import EXIT_INTERNAL

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("specc: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if os.environ.get("SPECC_DEBUG"):
            traceback.print_exc()
        print(f"specc: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("specc: this is a bug in specc; please report it with the spec", file=sys.stderr)
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="specc", description="Compile spec.md into a web app.")
    parser.add_argument("--version", action="version", version=f"specc {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check a spec and print its diagnostics")
    check.add_argument("spec", type=Path)
    check.add_argument("--json", action="store_true", help="print diagnostics as JSON lines")
    check.set_defaults(run=spec_commands.check)

    ir = commands.add_parser("ir", help="print the IR of a spec as JSON")
    ir.add_argument("spec", type=Path)
    ir.add_argument("-o", "--output", type=Path, help="write the IR to this file instead")
    ir.set_defaults(run=spec_commands.ir)

    build = commands.add_parser(
        "compile", help="check a spec, generate its app, test it and replace OUT if the tests pass"
    )
    build.add_argument("spec", type=Path)
    build.add_argument("-o", "--out", type=Path, required=True, help="output directory")
    build.add_argument(
        "--no-gate", action="store_true", help="skip the generated tests (the output is unverified)"
    )
    build.add_argument(
        "--force", action="store_true", help="overwrite hand edits in OUT (they are lost)"
    )
    build.add_argument(
        "--full-gate",
        action="store_true",
        help="rebuild and rerun the gate even when OUT is up to date (with --check: run it too)",
    )
    build.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if OUT is stale or hand-edited (the CI check)",
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help="never ask a model: prose rules must be answered by spec.lock",
    )
    build.add_argument(
        "--allow-data-loss",
        action="store_true",
        help="migrate even when the spec change drops fields, entities or enumeration values",
    )
    build.set_defaults(run=building.compile_spec)
    lock = commands.add_parser(
        "lock", help="answer the spec's prose rules (spec.lock) without compiling"
    )
    lock.add_argument("spec", type=Path)
    lock.add_argument(
        "--refresh",
        action="append",
        default=[],
        metavar="RULE",
        help="re-ask this rule ('Entity: sentence' or the sentence) even if its entry is current",
    )
    lock.add_argument("--offline", action="store_true", help="only check the lock, ask nothing")
    lock.set_defaults(run=llm.lock)
    lift = commands.add_parser(
        "lift", help="propose typed annotations for a spec's prose, as a diff (docs/llm.md)"
    )
    lift.add_argument("spec", type=Path)
    lift.add_argument("--apply", action="store_true", help="write the lifted spec over SPEC")
    lift.set_defaults(run=llm.lift_spec)

    diff = commands.add_parser("diff", help="show what compiling the spec would change in OUT")
    diff.add_argument("spec", type=Path)
    diff.add_argument("-o", "--out", type=Path, required=True, help="output directory")
    diff.add_argument("--patch", action="store_true", help="print the unified diff of every file")
    diff.set_defaults(run=outputs.diff)

    init = commands.add_parser("init", help="start a project: spec.md, Makefile, CI workflow")
    init.add_argument("directory", type=Path)
    init.add_argument("--app", help="the app's machine name (default: from the directory)")
    init.add_argument(
        "--specc-requirement", default="specc", help="what CI pip-installs to get specc"
    )
    init.set_defaults(run=outputs.init)
    codes = commands.add_parser("codes", help="print the reference of diagnostic codes (markdown)")
    codes.set_defaults(run=spec_commands.codes)
    return parser
