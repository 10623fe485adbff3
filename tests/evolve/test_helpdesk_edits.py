"""The twelve edits of issue 11 on a populated helpdesk database (SQLite).

Compile v1 and fill its database through the app's own factories; then, one
edit at a time: recompile, `alembic upgrade head`, check that every row and
value is still there (renamed columns under their new names) and that the new
app reads every row (models, every API list and row as every role, /healthz),
and add rows for the next edit. Data-losing edits are refused without
`--allow-data-loss` and accepted with it.
"""

from __future__ import annotations

from pathlib import Path

from tests.evolve.driver import EvolvingApp, lost_values
from tests.evolve.helpdesk_edits import EDITS, HELPDESK, apply

ROWS = 3


def test_twelve_edits_keep_every_row(tmp_path: Path) -> None:
    app = EvolvingApp(tmp_path)
    text = HELPDESK.read_text(encoding="utf-8")
    assert app.compile(text).status == 0
    before = app.run("upgrade", f"fill:{ROWS}:1", "dump")["dump"]
    rows = sum(len(table) for table in before.values())
    for number, edit in enumerate(EDITS, start=1):
        text = apply(text, edit)
        if edit.allow_data_loss:
            refused = app.compile(text)
            assert refused.status == 1 and "error[E901]" in refused.stderr, refused.stderr
        compiled = app.compile(text, allow_data_loss=edit.allow_data_loss)
        assert compiled.status == 0, f"{edit.name}: {compiled.stderr}"
        assert len(app.revisions()) == number + 1, (edit.name, app.revisions())
        steps = (
            "upgrade",
            "dump",
            f"read:{10**6 + number * 10}",
            f"fill:{ROWS}:{number * 100}",
            "dump:filled",
        )
        after = app.run(*steps)
        lost = lost_values(before, after["dump"], edit.renames, edit.changed)
        assert lost == [], f"{edit.name}: {lost[:10]}"
        assert after["read"]["failures"] == [], f"{edit.name}: {after['read']['failures'][:10]}"
        rows += sum(len(table) for table in after["dump:filled"].values()) - sum(
            len(table) for table in after["dump"].values()
        )
        before = after["dump:filled"]
    assert rows > 12 * ROWS
