"""The `specc` command line: `check`, `ir`, `compile` (and its CI `--check`), `diff`,
`init` and `codes`.

Exit status: 0 when the spec has no errors (warnings allowed), 1 when it has
errors, 2 for usage errors (bad arguments), 3 for an internal compiler error —
which is reported in one line, never as a traceback (set SPECC_DEBUG=1 to see it).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from compiler import __version__
from compiler.analyse.blockers import compile_blockers
from compiler.analyse.views import app_view
from compiler.diagnostics import Diagnostic, render, render_all
from compiler.diagnostics.reference import diagnostics_reference
from compiler.frontend import FrontEndResult, analyse_file
from compiler.gate import build
from compiler.gate.api_diff import breaking_changes
from compiler.gate.buildkey import build_key
from compiler.gate.codes import STALE_OUTPUT
from compiler.gate.pipeline import DEFAULT_GATE_TIMEOUT_S, record_failure, up_to_date_build
from compiler.gate.preview import file_patch, preview
from compiler.gate.selection import EntityUses
from compiler.generate import generate, spec_name
from compiler.ir.json_form import dumps
from compiler.ir.model import Spec
from compiler.ir.span import NOWHERE
from compiler.scaffold import InitError, init_project

EXIT_OK, EXIT_SPEC_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_RECOMPILE = "run `specc compile` and commit the result; `specc diff` shows what changes"


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
    check.set_defaults(run=_check)

    ir = commands.add_parser("ir", help="print the IR of a spec as JSON")
    ir.add_argument("spec", type=Path)
    ir.add_argument("-o", "--output", type=Path, help="write the IR to this file instead")
    ir.set_defaults(run=_ir)

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
    build.set_defaults(run=_compile)

    diff = commands.add_parser("diff", help="show what compiling the spec would change in OUT")
    diff.add_argument("spec", type=Path)
    diff.add_argument("-o", "--out", type=Path, required=True, help="output directory")
    diff.add_argument("--patch", action="store_true", help="print the unified diff of every file")
    diff.set_defaults(run=_diff)

    init = commands.add_parser("init", help="start a project: spec.md, Makefile, CI workflow")
    init.add_argument("directory", type=Path)
    init.add_argument("--app", help="the app's machine name (default: from the directory)")
    init.add_argument(
        "--specc-requirement", default="specc", help="what CI pip-installs to get specc"
    )
    init.set_defaults(run=_init)
    codes = commands.add_parser("codes", help="print the reference of diagnostic codes (markdown)")
    codes.set_defaults(run=_codes)
    return parser


def _codes(args: argparse.Namespace) -> int:
    sys.stdout.write(diagnostics_reference())
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    result = analyse_file(args.spec)
    if args.json:
        for d in result.diagnostics:
            print(json.dumps(_diagnostic_json(d, str(args.spec))))
    else:
        _report(result, str(args.spec), always=True)
    return EXIT_OK if result.ok else EXIT_SPEC_ERRORS


def _ir(args: argparse.Namespace) -> int:
    result = analyse_file(args.spec)
    _report(result, str(args.spec))
    if not result.ok or result.spec is None:
        return EXIT_SPEC_ERRORS
    text = dumps(result.spec)
    if args.output:
        _write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _compile(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _interrupted)
    if args.check:
        return _check_output(args)
    started = time.monotonic()
    key = build_key(args.spec, gate=not args.no_gate, force=args.force)
    fresh = args.force or args.full_gate or not args.out.is_dir()
    if not fresh and up_to_date_build(args.spec, args.out, key) is not None:
        elapsed = time.monotonic() - started
        print(f"specc: {args.spec} → {args.out} (up to date, {elapsed:.2f} s)", file=sys.stderr)
        return EXIT_OK
    result = analyse_file(args.spec)
    _report(result, str(args.spec))
    blockers = compile_blockers(result.spec).sorted() if result.ok and result.spec else []
    if blockers:
        print(render_all(blockers, str(args.spec), list(result.source_lines)), file=sys.stderr)
    if not result.ok or result.spec is None or blockers:
        errors = [d for d in result.diagnostics if d.code.id.startswith("E")] + list(blockers)
        record_failure(args.spec, args.out, "spec errors", errors)
        print(f"specc: {args.spec}: not compiled; {args.out} is unchanged", file=sys.stderr)
        return EXIT_SPEC_ERRORS
    built = build(
        dataclasses.replace(result.spec, source=spec_name(args.spec)),
        args.spec,
        args.out,
        generate,
        gate=not args.no_gate,
        force=args.force,
        key=key,
        progress=lambda message: print(f"specc: {message}", file=sys.stderr, flush=True),
        deps=None if args.full_gate else _test_deps(result.spec),
    )
    for diagnostic in built.diagnostics:
        located = diagnostic.code.id[0] in "EW" or diagnostic.code.id == "G001"
        lines = list(result.source_lines) if located else None
        print(render(diagnostic, str(args.spec), lines), file=sys.stderr)
    if not built.ok:
        print(f"specc: {args.spec}: not compiled; {args.out} is unchanged", file=sys.stderr)
        return EXIT_SPEC_ERRORS
    summary = f"{len(built.changed)} files changed" if built.changed else "no changes"
    print(f"specc: {args.spec} → {args.out} ({summary}, {built.duration_s:.1f} s)", file=sys.stderr)
    return EXIT_OK


def _test_deps(spec: Spec) -> EntityUses:
    """What each entity's generated code uses, for the selective gate."""
    app = app_view(spec)
    modules = {view.name: view.module for view in app.entities}
    uses = []
    for view in app.entities:
        named = {*view.references, *view.imports, *view.access_imports}
        uses.append((view.module, tuple(sorted(modules[n] for n in named if n in modules))))
    return EntityUses(tuple(uses))


def _checked_spec(args: argparse.Namespace) -> Spec | None:
    """The spec ready for code generation, or None after printing why it is not."""
    result = analyse_file(args.spec)
    _report(result, str(args.spec))
    blockers = compile_blockers(result.spec).sorted() if result.ok and result.spec else []
    if blockers:
        print(render_all(blockers, str(args.spec), list(result.source_lines)), file=sys.stderr)
    if not result.ok or result.spec is None or blockers:
        return None
    return dataclasses.replace(result.spec, source=spec_name(args.spec))


def _check_output(args: argparse.Namespace) -> int:
    """`compile --check`: 0 when OUT is exactly what a compile would make (and, with
    --full-gate, its tests pass); 1 otherwise. Writes nothing."""
    spec = _checked_spec(args)
    if spec is None:
        print(f"specc: {args.spec}: has errors; {args.out} not checked", file=sys.stderr)
        return EXIT_SPEC_ERRORS
    lines = [render(d, str(args.spec), None) for d in _check_problems(spec, args)]
    for line in lines:
        print(line, file=sys.stderr)
    verdict = "does not match the spec" if lines else "matches the spec"
    print(f"specc: {args.out} {verdict} ({args.spec})", file=sys.stderr)
    return EXIT_SPEC_ERRORS if lines else EXIT_OK


def _check_problems(spec: Spec, args: argparse.Namespace) -> list[Diagnostic]:
    with preview(spec, args.out, generate) as planned:
        problems = [*planned.refusals, *planned.problems]
        if planned.changed:
            listed = ", ".join(planned.changed[:10]) + (" …" if len(planned.changed) > 10 else "")
            message = f"{args.out} is stale: a compile would change {len(planned.changed)} files"
            problems.append(Diagnostic(STALE_OUTPUT, f"{message}: {listed}", NOWHERE, _RECOMPILE))
        if args.full_gate and not problems:
            problems += planned.gate(spec, DEFAULT_GATE_TIMEOUT_S).diagnostics
    return problems


def _diff(args: argparse.Namespace) -> int:
    """What a compile would change in OUT: a summary, or with --patch the unified diff."""
    spec = _checked_spec(args)
    if spec is None:
        return EXIT_SPEC_ERRORS
    with preview(spec, args.out, generate) as planned:
        for diagnostic in planned.refusals:
            print(render(diagnostic, str(args.spec), None), file=sys.stderr)
        changes = [("A", p) for p in planned.added] + [("M", p) for p in planned.modified]
        changes += [("D", p) for p in planned.removed]
        for mark, path in sorted(changes, key=lambda c: c[1]):
            if args.patch:
                sys.stdout.writelines(file_patch(args.out, planned.staged, path))
            else:
                print(f"{mark} {path}")
        breaking = breaking_changes(args.out, planned.staged)
        for change in breaking:
            print(f"breaking: {change}")
    summary = f"{len(changes)} files would change" if changes else "no files would change"
    print(f"specc: {args.spec} → {args.out}: {summary}, {len(breaking)} breaking", file=sys.stderr)
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    try:
        written = init_project(args.directory, args.app, args.specc_requirement)
    except InitError as error:
        print(f"specc: {error}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(f"  {args.directory / path}", file=sys.stderr)
    print(f"specc: next: cd {args.directory} && make compile", file=sys.stderr)
    return EXIT_OK


def _interrupted(signum: int, frame: object) -> None:
    """SIGTERM: unwind like Ctrl-C, so the gate's pytest and the staging tree are removed."""
    raise KeyboardInterrupt


def _report(result: FrontEndResult, name: str, *, always: bool = False) -> None:
    if result.diagnostics:
        print(render_all(result.diagnostics, name, list(result.source_lines)), file=sys.stderr)
    elif always:
        print(f"{name}: ok", file=sys.stderr)


def _diagnostic_json(d, filename: str) -> dict[str, object]:
    span = d.span
    return {
        "file": filename,
        "line": span.line,
        "col": span.col,
        "end_line": span.end_line,
        "end_col": span.end_col,
        "severity": d.severity.value,
        "code": d.code.id,
        "message": d.message,
        "hint": d.hint,
    }


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
