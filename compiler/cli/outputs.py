"""The commands about an output directory rather than a build: `compile --check` (the CI
check), `diff` (what a compile would change) and `init` (a new project)."""

from __future__ import annotations

import argparse
import functools
import sys
from contextlib import AbstractContextManager

from compiler.cli.common import EXIT_OK, EXIT_SPEC_ERRORS, EXIT_USAGE
from compiler.cli.prepare import prepare
from compiler.diagnostics import Diagnostic, render, render_all
from compiler.evolve.files import schema_impact
from compiler.evolve.history import read_history
from compiler.evolve.safety import evolution_diagnostics
from compiler.gate.api_diff import breaking_changes
from compiler.gate.codes import STALE_OUTPUT
from compiler.gate.pipeline import DEFAULT_GATE_TIMEOUT_S
from compiler.gate.preview import Preview, file_patch, preview
from compiler.generate import generate
from compiler.ir.model import Spec
from compiler.ir.span import NOWHERE
from compiler.llm import Options
from compiler.scaffold import InitError, init_project

_RECOMPILE = "run `specc compile` and commit the result; `specc diff` shows what changes"


def check_output(args: argparse.Namespace) -> int:
    """`compile --check`: 0 when OUT is exactly what a compile would make (and, with
    --full-gate, its tests pass); 1 otherwise. Writes nothing, asks no model."""
    spec = prepare(args.spec, Options(offline=True)).spec
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
    with _preview(spec, args) as planned:
        problems = [*planned.refusals, *planned.problems]
        if planned.changed:
            listed = ", ".join(planned.changed[:10]) + (" …" if len(planned.changed) > 10 else "")
            message = f"{args.out} is stale: a compile would change {len(planned.changed)} files"
            problems.append(Diagnostic(STALE_OUTPUT, f"{message}: {listed}", NOWHERE, _RECOMPILE))
        if args.full_gate and not problems:
            problems += planned.gate(spec, DEFAULT_GATE_TIMEOUT_S).diagnostics
    return problems


def diff(args: argparse.Namespace) -> int:
    """What a compile would change in OUT: a summary (or with --patch the unified diff),
    the new migration's changes and what a compile would refuse, and API breaking changes."""
    prepared = prepare(args.spec, Options(offline=True))
    spec = prepared.spec
    if spec is None:
        return EXIT_SPEC_ERRORS
    history = read_history(args.out)
    evolution = evolution_diagnostics(history, spec, allow_data_loss=False)
    if len(evolution):
        print(render_all(evolution.sorted(), str(args.spec), prepared.lines), file=sys.stderr)
    with _preview(spec, args) as planned:
        for diagnostic in planned.refusals:
            print(render(diagnostic, str(args.spec), None), file=sys.stderr)
        changes = [("A", p) for p in planned.added] + [("M", p) for p in planned.modified]
        changes += [("D", p) for p in planned.removed]
        for mark, path in sorted(changes, key=lambda c: c[1]):
            if args.patch:
                sys.stdout.writelines(file_patch(args.out, planned.staged, path))
            else:
                print(f"{mark} {path}")
        for line in schema_impact(history, spec):
            print(f"migration: {line}")
        breaking = breaking_changes(args.out, planned.staged)
        for change in breaking:
            print(f"breaking: {change}")
    summary = f"{len(changes)} files would change" if changes else "no files would change"
    print(f"specc: {args.spec} → {args.out}: {summary}, {len(breaking)} breaking", file=sys.stderr)
    return EXIT_OK


def _preview(spec: Spec, args: argparse.Namespace) -> AbstractContextManager[Preview]:
    """The build a compile would stage, continuing OUT's migrations."""
    return preview(spec, args.out, functools.partial(generate, history=read_history(args.out)))


def init(args: argparse.Namespace) -> int:
    try:
        written = init_project(args.directory, args.app, args.specc_requirement)
    except InitError as error:
        print(f"specc: {error}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(f"  {args.directory / path}", file=sys.stderr)
    print(f"specc: next: cd {args.directory} && make compile", file=sys.stderr)
    return EXIT_OK
