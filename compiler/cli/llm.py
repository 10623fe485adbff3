"""The LLM stage seen from the command line: `lock`, `lift`, and the prose-rule resolution
every compile runs (docs/llm.md)."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from compiler.cli.common import EXIT_OK, EXIT_SPEC_ERRORS, report, write_atomically
from compiler.diagnostics import render_all
from compiler.frontend import FrontEndResult, analyse_file
from compiler.gate.audit import ModelUsage
from compiler.llm import Options, Provider, Resolution, prose_rules, resolve
from compiler.llm.lift import lift


def lock(args: argparse.Namespace) -> int:
    result = analyse_file(args.spec)
    report(result, str(args.spec))
    options = Options(offline=args.offline, refresh=frozenset(args.refresh))
    resolution = resolve_prose(result, args.spec, options)
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


def lift_spec(args: argparse.Namespace) -> int:
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
        write_atomically(args.spec, lifted.text)
        print(f"specc: {name}: lifted spec written", file=sys.stderr)
    return EXIT_OK


def resolve_prose(result: FrontEndResult, spec_path: Path, options: Options) -> Resolution | None:
    """The LLM stage on a checked spec (None when the spec has errors)."""
    if not result.ok or result.spec is None:
        return None
    if prose_rules(result.spec):
        print("specc: compiling prose rules (spec.lock, docs/llm.md) …", file=sys.stderr)
    return resolve(result.spec, spec_path, Provider.from_env(), options)


def model_usage(resolution: Resolution | None) -> ModelUsage | None:
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
