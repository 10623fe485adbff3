"""The `specc` command line: `check`, `ir`, `compile`, `lock`, `lift` and `codes`.

Exit status: 0 when the spec has no errors (warnings allowed), 1 when it has
errors, 2 for usage errors (bad arguments), 3 for an internal compiler error —
which is reported in one line, never as a traceback (set SPECC_DEBUG=1 to see it).
"""

from __future__ import annotations

import argparse
import difflib
import functools
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
from compiler.diagnostics import render, render_all
from compiler.diagnostics.reference import diagnostics_reference
from compiler.evolve.history import FIRST_BUILD, read_history
from compiler.evolve.safety import evolution_diagnostics
from compiler.frontend import FrontEndResult, analyse_file
from compiler.gate import build
from compiler.gate.audit import ModelUsage
from compiler.gate.buildkey import build_key
from compiler.gate.pipeline import record_failure, up_to_date_build
from compiler.generate import generate
from compiler.ir.json_form import dumps
from compiler.llm import Options, Provider, Resolution, prose_rules, resolve
from compiler.llm.lift import lift

EXIT_OK, EXIT_SPEC_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


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
        help="rebuild and rerun the gate even when OUT is up to date",
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
    build.set_defaults(run=_compile)
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
    lock.set_defaults(run=_lock)
    lift = commands.add_parser(
        "lift", help="propose typed annotations for a spec's prose, as a diff (docs/llm.md)"
    )
    lift.add_argument("spec", type=Path)
    lift.add_argument("--apply", action="store_true", help="write the lifted spec over SPEC")
    lift.set_defaults(run=_lift)
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
    started = time.monotonic()
    key = build_key(args.spec, gate=not args.no_gate, force=args.force)
    fresh = args.force or args.full_gate or not args.out.is_dir()
    if not fresh and up_to_date_build(args.spec, args.out, key) is not None:
        elapsed = time.monotonic() - started
        print(f"specc: {args.spec} → {args.out} (up to date, {elapsed:.2f} s)", file=sys.stderr)
        return EXIT_OK
    result = analyse_file(args.spec)
    _report(result, str(args.spec))
    resolution = _resolve(result, args.spec, Options(offline=args.offline))
    usage = _usage(resolution)
    blockers = list(resolution.diagnostics) if resolution else []
    if resolution and resolution.ok:
        blockers = compile_blockers(resolution.spec).sorted()
    if blockers:
        print(render_all(blockers, str(args.spec), list(result.source_lines)), file=sys.stderr)
    if resolution is None or blockers:
        errors = [d for d in result.diagnostics if d.code.id.startswith("E")] + list(blockers)
        record_failure(args.spec, args.out, "spec errors", errors, usage)
        print(f"specc: {args.spec}: not compiled; {args.out} is unchanged", file=sys.stderr)
        return EXIT_SPEC_ERRORS
    if resolution.lock_written:
        key = build_key(args.spec, gate=not args.no_gate, force=args.force)
    history = read_history(args.out)
    if args.force and history.previous is None:
        history = FIRST_BUILD  # --force overwrites the previous build's files, migrations too
    evolution = evolution_diagnostics(
        history, resolution.spec, allow_data_loss=args.allow_data_loss
    )
    if len(evolution):
        print(
            render_all(evolution.sorted(), str(args.spec), list(result.source_lines)),
            file=sys.stderr,
        )
    if evolution.has_errors:
        record_failure(args.spec, args.out, "migration refused", evolution.sorted())
        print(f"specc: {args.spec}: not compiled; {args.out} is unchanged", file=sys.stderr)
        return EXIT_SPEC_ERRORS
    built = build(
        resolution.spec,
        args.spec,
        args.out,
        functools.partial(generate, history=history),
        gate=not args.no_gate,
        force=args.force,
        key=key,
        progress=lambda message: print(f"specc: {message}", file=sys.stderr, flush=True),
        model_usage=usage,
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


def _lock(args: argparse.Namespace) -> int:
    result = analyse_file(args.spec)
    _report(result, str(args.spec))
    options = Options(offline=args.offline, refresh=frozenset(args.refresh))
    resolution = _resolve(result, args.spec, options)
    if resolution is None:
        return EXIT_SPEC_ERRORS
    if resolution.diagnostics:
        lines = list(result.source_lines)
        print(render_all(resolution.diagnostics, str(args.spec), lines), file=sys.stderr)
    usage = resolution.usage
    print(
        f"specc: {args.spec}: {len(prose_rules(result.spec))} prose rules, "
        f"{usage.lock_hits} from spec.lock, {len(resolution.asked)} asked "
        f"({usage.requests} requests, {usage.tokens} tokens)"
        + ("; spec.lock written" if resolution.lock_written else ""),
        file=sys.stderr,
    )
    return EXIT_OK if resolution.ok else EXIT_SPEC_ERRORS


def _lift(args: argparse.Namespace) -> int:
    original = args.spec.read_text(encoding="utf-8")
    lifted = lift(original, args.spec, Provider.from_env())
    for problem in lifted.problems:
        print(f"specc: lift: {problem}", file=sys.stderr)
    if lifted.diagnostics:
        lines = lifted.text.split("\n")
        print(render_all(lifted.diagnostics, str(args.spec), lines), file=sys.stderr)
    name = str(args.spec)
    diff = difflib.unified_diff(
        original.splitlines(keepends=True),
        lifted.text.splitlines(keepends=True),
        name if args.spec.is_absolute() else f"a/{name}",
        name if args.spec.is_absolute() else f"b/{name}",
    )
    sys.stdout.write("".join(diff))
    usage = lifted.usage
    print(f"specc: lift: {usage.requests} requests, {usage.tokens} tokens", file=sys.stderr)
    if not lifted.ok:
        print(f"specc: {name}: not lifted completely; nothing written", file=sys.stderr)
        return EXIT_SPEC_ERRORS
    if args.apply:
        _write_atomically(args.spec, lifted.text)
        print(f"specc: {name}: lifted spec written", file=sys.stderr)
    return EXIT_OK


def _resolve(result: FrontEndResult, spec_path: Path, options: Options) -> Resolution | None:
    """The LLM stage on a checked spec (None when the spec has errors)."""
    if not result.ok or result.spec is None:
        return None
    if prose_rules(result.spec):
        print("specc: compiling prose rules (spec.lock, docs/llm.md) …", file=sys.stderr)
    return resolve(result.spec, spec_path, Provider.from_env(), options)


def _usage(resolution: Resolution | None) -> ModelUsage | None:
    if resolution is None:
        return None
    usage = resolution.usage
    if not (usage.lock_hits or usage.requests or resolution.diagnostics):
        return None
    return ModelUsage(
        resolution.model,
        usage.requests,
        usage.input_tokens,
        usage.output_tokens,
        usage.cost_usd(resolution.model),
        usage.lock_hits,
    )


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
        "file": d.file or filename,
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
