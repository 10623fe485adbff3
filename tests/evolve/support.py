"""Helpers of the evolution tests: a spec's IR, the history its build leaves, a planned revision."""

from __future__ import annotations

from compiler.analyse.views import app_view
from compiler.evolve.files import migration_files
from compiler.evolve.history import History, Revision
from compiler.evolve.safety import evolution_diagnostics
from compiler.frontend import analyse_text
from compiler.ir.model import Spec

INITIAL = "migrations/versions/0001_initial.py"


def spec_of(text: str) -> Spec:
    result = analyse_text(text)
    assert result.ok and result.spec is not None, [str(d) for d in result.diagnostics]
    return result.spec


def built(text: str) -> History:
    """The history a first build of `text` leaves: its snapshot and its initial revision."""
    spec = spec_of(text)
    initial = next(
        f for f in migration_files(app_view(spec), spec, History(), "# h") if f.path == INITIAL
    )
    return History(spec, (Revision(INITIAL, initial.content, "0001", None, True),))


def planned(before: str, after: str, *, allow_data_loss: bool = False) -> tuple[list[str], str]:
    """The diagnostics (`LINE:COL CODE message`) and the new revision's text (or "")."""
    history, spec = built(before), spec_of(after)
    diagnostics = evolution_diagnostics(history, spec, allow_data_loss=allow_data_loss)
    lines = [f"{d.span.line}:{d.span.col} {d.code.id} {d.message}" for d in diagnostics.sorted()]
    files = migration_files(app_view(spec), spec, history, "# h")
    revisions = [
        f for f in files if f.path.startswith("migrations/versions/") and f.path != INITIAL
    ]
    return lines, revisions[0].content if revisions else ""
