"""`sql_helpers`: the generated `core/sql.py` holds exactly the optional helpers in use."""

from __future__ import annotations

from pathlib import Path

from compiler.analyse.sql_helpers import OPTIONAL_HELPERS, sql_helpers
from compiler.analyse.views import app_view
from compiler.appgen.files import app_files
from compiler.frontend import analyse_file
from tests.translate.agreement.schema import analysed_spec

ROOT = Path(__file__).parents[2]


def _spec(name: str):
    path = ROOT / "specs" / name / "spec.md"
    spec = analyse_file(path, f"specs/{name}/spec.md").spec
    assert spec is not None
    return spec


def test_a_spec_without_the_functions_needs_none_of_them() -> None:
    assert sql_helpers(_spec("bookings")) == frozenset()


def test_a_value_derived_on_write_needs_its_helpers() -> None:
    # helpdesk's only text function is Ticket.slug's `slug(title)`, derived on write
    assert sql_helpers(_spec("helpdesk")) == frozenset({"text_slug"})


def test_the_agreement_spec_needs_every_one() -> None:
    assert sql_helpers(analysed_spec()) == OPTIONAL_HELPERS


def test_core_sql_defines_only_the_helpers_in_use() -> None:
    view = app_view(_spec("inventory"))
    (core,) = [f for f in app_files(view, "# header") if f.path == "app/core/sql.py"]
    for helper in OPTIONAL_HELPERS:
        assert f"class {helper}(" not in core.content
    assert "register_sqlite_functions" not in core.content
    assert "class days_between(" in core.content
