"""A spec made ready for code generation, as `compile`, `compile --check` and `diff` need it:
checked, its prose rules resolved (docs/llm.md), free of what blocks a compile."""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path

from compiler.analyse.blockers import compile_blockers
from compiler.cli.common import report
from compiler.cli.llm import resolve_prose
from compiler.diagnostics import Diagnostic, render_all
from compiler.frontend import FrontEndResult, analyse_file
from compiler.generate import spec_name
from compiler.ir.model import Spec
from compiler.llm import Options, Resolution


@dataclass(frozen=True, slots=True)
class Prepared:
    spec_path: Path
    result: FrontEndResult
    resolution: Resolution | None
    """None when the front end found errors."""
    blockers: tuple[Diagnostic, ...]
    """The LLM stage's refusals, or what keeps the resolved spec from compiling."""

    @property
    def spec(self) -> Spec | None:
        """The spec to generate from (its source named as the project names it), or None."""
        if self.resolution is None or self.blockers:
            return None
        return dataclasses.replace(self.resolution.spec, source=spec_name(self.spec_path))

    @property
    def errors(self) -> list[Diagnostic]:
        found = [d for d in self.result.diagnostics if d.code.id.startswith("E")]
        return found + list(self.blockers)

    @property
    def lines(self) -> list[str]:
        return list(self.result.source_lines)


def prepare(spec_path: Path, options: Options) -> Prepared:
    """Check, resolve and vet the spec at `spec_path`, printing every diagnostic found."""
    result = analyse_file(spec_path)
    report(result, str(spec_path))
    resolution = resolve_prose(result, spec_path, options)
    blockers = list(resolution.diagnostics) if resolution else []
    if resolution and resolution.ok:
        blockers = compile_blockers(resolution.spec).sorted()
    if blockers:
        print(render_all(blockers, str(spec_path), list(result.source_lines)), file=sys.stderr)
    return Prepared(spec_path, result, resolution, tuple(blockers))
