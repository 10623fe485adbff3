"""`specc compile`: prepare the spec, plan its migrations, build, gate and promote the app."""

from __future__ import annotations

import argparse
import functools
import signal
import sys
import time

from compiler.analyse.views import app_view
from compiler.cli.common import EXIT_OK, EXIT_SPEC_ERRORS, interrupted
from compiler.cli.llm import model_usage
from compiler.cli.outputs import check_output
from compiler.cli.prepare import prepare
from compiler.cli.upgrading import expected_upgrade
from compiler.diagnostics import render, render_all
from compiler.evolve.files import schema_impact
from compiler.evolve.history import FIRST_BUILD, read_history
from compiler.evolve.safety import evolution_diagnostics
from compiler.gate import build
from compiler.gate.buildkey import build_key
from compiler.gate.pipeline import record_failure, up_to_date_build
from compiler.gate.selection import EntityUses
from compiler.generate import generate
from compiler.ir.model import Spec
from compiler.llm import Options


def compile_spec(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, interrupted)
    if args.check:
        return check_output(args)
    started = time.monotonic()
    key = build_key(args.spec, gate=not args.no_gate, force=args.force)
    fresh = args.force or args.full_gate or not args.out.is_dir()
    if not fresh and up_to_date_build(args.spec, args.out, key) is not None:
        elapsed = time.monotonic() - started
        print(f"specc: {args.spec} → {args.out} (up to date, {elapsed:.2f} s)", file=sys.stderr)
        return EXIT_OK
    prepared = prepare(args.spec, Options(offline=args.offline))
    usage = model_usage(prepared.resolution)
    spec = prepared.spec
    if spec is None or prepared.resolution is None:
        record_failure(args.spec, args.out, "spec errors", prepared.errors, usage)
        return _not_compiled(args)
    if prepared.resolution.lock_written:
        key = build_key(args.spec, gate=not args.no_gate, force=args.force)
    history = read_history(args.out)
    if args.force and history.previous is None:
        history = FIRST_BUILD  # --force overwrites the previous build's files, migrations too
    evolution = evolution_diagnostics(history, spec, allow_data_loss=args.allow_data_loss)
    if len(evolution):
        print(render_all(evolution.sorted(), str(args.spec), prepared.lines), file=sys.stderr)
    if evolution.has_errors:
        record_failure(args.spec, args.out, "migration refused", evolution.sorted())
        return _not_compiled(args)
    built = build(
        spec,
        args.spec,
        args.out,
        functools.partial(generate, history=history),
        gate=not args.no_gate,
        force=args.force,
        key=key,
        progress=lambda message: print(f"specc: {message}", file=sys.stderr, flush=True),
        model_usage=usage,
        deps=None if args.full_gate else entity_uses(spec),
        schema_impact=schema_impact(history, spec),
        upgrade=expected_upgrade(history, spec, allow_data_loss=args.allow_data_loss),
    )
    for diagnostic in built.diagnostics:
        located = diagnostic.code.id[0] in "EW" or diagnostic.code.id in ("G001", "G008")
        print(
            render(diagnostic, str(args.spec), prepared.lines if located else None), file=sys.stderr
        )
    if not built.ok:
        return _not_compiled(args)
    summary = f"{len(built.changed)} files changed" if built.changed else "no changes"
    print(f"specc: {args.spec} → {args.out} ({summary}, {built.duration_s:.1f} s)", file=sys.stderr)
    return EXIT_OK


def _not_compiled(args: argparse.Namespace) -> int:
    print(f"specc: {args.spec}: not compiled; {args.out} is unchanged", file=sys.stderr)
    return EXIT_SPEC_ERRORS


def entity_uses(spec: Spec) -> EntityUses:
    """What each entity's generated code uses, for the selective gate."""
    app = app_view(spec)
    modules = {view.name: view.module for view in app.entities}
    uses = []
    for view in app.entities:
        named = {*view.references, *view.imports, *view.access_imports}
        uses.append((view.module, tuple(sorted(modules[n] for n in named if n in modules))))
    return EntityUses(tuple(uses))
