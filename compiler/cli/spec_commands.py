"""The commands that read a spec and write nothing but their answer: `check`, `ir`, `codes`."""

from __future__ import annotations

import argparse
import json
import sys

from compiler.cli.common import (
    EXIT_OK,
    EXIT_SPEC_ERRORS,
    diagnostic_json,
    report,
    write_atomically,
)
from compiler.diagnostics.reference import diagnostics_reference
from compiler.frontend import analyse_file
from compiler.ir.json_form import dumps


def codes(args: argparse.Namespace) -> int:
    sys.stdout.write(diagnostics_reference())
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    result = analyse_file(args.spec)
    if args.json:
        for d in result.diagnostics:
            print(json.dumps(diagnostic_json(d, str(args.spec))))
    else:
        report(result, str(args.spec), always=True)
    return EXIT_OK if result.ok else EXIT_SPEC_ERRORS


def ir(args: argparse.Namespace) -> int:
    result = analyse_file(args.spec)
    report(result, str(args.spec))
    if not result.ok or result.spec is None:
        return EXIT_SPEC_ERRORS
    text = dumps(result.spec)
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK
