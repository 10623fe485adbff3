"""The view of `tests/test_<entity>_access.py`: every cell of the entity's Access table.

For each role and action the tests build rows the cell allows and rows it
refuses, and expect the statuses of the HTTP policy (docs/spec-language.md,
section 11): 201/200/204 when allowed; 403 for a refused create, or for a row
the role can read but not change; 404 for a row it cannot read; lists hold
exactly the readable rows. Rows are inserted directly (`tests/factories.py`);
creates go through the API.

References (`access_moves`): a reference to a row the role may not read gets the
same 422 as one to no row; a row the role may update cannot be PATCHed to point to
a row it may read but not write (403, or 422 when the field's `only where` refuses
it first), nor handed to another user through its owner field, and stays as it was.

The `anyone` row is tested without a token: its readable rows 200, the others 404,
the list exactly the readable rows, and every write 401. A role's read tests expect
what the role may read together with anyone (`ir.anyone`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from compiler.analyse.views import EntityView
from compiler.ir.anyone import ANYONE, effective_cell, role_rows
from compiler.ir.model import (
    ACTIONS,
    AccessCell,
    AccessRow,
    Entity,
    Spec,
)
from compiler.ir.refs import spec_refs
from compiler.ir.span import Span
from compiler.testgen.access_change import change_source
from compiler.testgen.access_moves import References
from compiler.testgen.data.conditions import (
    ACTOR,
    OTHER,
    Solution,
    Solver,
    body_arguments,
    call_arguments,
    merge,
    row_source,
    uses,
)
from compiler.testgen.viewer import viewer_tests
from compiler.translate.names import column_name, snake

T = TypeVar("T")

_OK = {"create": 201, "read": 200, "update": 200, "delete": 204}
_VERBS = {
    ("create", "all"): "may_create",
    ("create", "no"): "may_not_create",
    ("create", "where"): "may_create_only_where_allowed",
    ("read", "all"): "may_read_and_list_every_row",
    ("read", "no"): "may_not_read_or_list",
    ("read", "own"): "reads_and_lists_only_own_rows",
    ("read", "where"): "reads_and_lists_only_rows_where_allowed",
    ("update", "all"): "may_update_every_row",
    ("update", "no"): "may_not_update",
    ("update", "own"): "may_update_only_own_rows",
    ("update", "where"): "may_update_only_rows_where_allowed",
    ("delete", "all"): "may_delete_every_row",
    ("delete", "no"): "may_not_delete",
    ("delete", "own"): "may_delete_only_own_rows",
    ("delete", "where"): "may_delete_only_rows_where_allowed",
}


@dataclass(frozen=True, slots=True)
class RoleParam:
    role: str
    spec_ref: str


@dataclass(frozen=True, slots=True)
class AccessTest:
    name: str
    params: tuple[RoleParam, ...]
    lines: tuple[str, ...]
    """The body of the test; `role` is the parameter when there are several roles."""

    @property
    def parametrized(self) -> bool:
        return len(self.params) > 1


@dataclass(frozen=True, slots=True)
class AccessTestsView:
    name: str
    module: str
    url: str
    label_plural: str
    change: str
    """Source of the body of the updates the tests send."""
    tests: tuple[AccessTest, ...]

    @property
    def looks_missing(self) -> bool:
        """Whether a test uses the `looks_missing` helper."""
        return any("looks_missing(" in line for test in self.tests for line in test.lines)


def access_tests_view(
    spec: Spec, entity: Entity, view: EntityView, page_size: int
) -> AccessTestsView:
    cells = _Cells(spec, entity, view)
    groups: dict[tuple[str, tuple[str, ...]], list[RoleParam]] = {}
    for row in role_rows(entity.access):
        for action in ACTIONS:
            cell = effective_cell(entity, row, action)
            lines = tuple(cells.lines(row, action))
            param = RoleParam(row.role, spec_refs(spec).of(cell.span))
            groups.setdefault((_VERBS[(action, cell.kind)], lines), []).append(param)
    for name, span, lines in cells.anonymous():
        groups.setdefault((name, lines), []).append(RoleParam(ANYONE, spec_refs(spec).of(span)))
    for row in role_rows(entity.access):
        for name, lines in cells.moves(row):
            param = RoleParam(row.role, spec_refs(spec).of(row.update.span))
            groups.setdefault((name, lines), []).append(param)
    for found in viewer_tests(spec, entity, page_size):
        param = RoleParam(found.role, spec_refs(spec).of(found.span))
        groups.setdefault((found.name.removeprefix("test_"), found.lines), []).append(param)
    verbs = [verb for verb, _ in groups]
    tests = []
    for (verb, lines), params in groups.items():
        if len(params) == 1:  # one role: named after it, no parameter
            role = params[0].role
            lines = tuple(line.replace("(role)", f'("{role}")') for line in lines)
            tests.append(AccessTest(f"test_{role}_{verb}", tuple(params), lines))
            continue
        name = f"test_{verb}"
        if verbs.count(verb) > 1:
            name = f"test_{'_and_'.join(p.role for p in params)}_{verb}"
        tests.append(AccessTest(name, tuple(params), lines))
    return AccessTestsView(
        name=entity.name,
        module=snake(entity.name),
        url=f"/api/{view.url}",
        label_plural=view.label_plural.lower(),
        change=change_source(entity, view),
        tests=tuple(tests),
    )


class _Cells:
    def __init__(self, spec: Spec, entity: Entity, view: EntityView) -> None:
        self.spec = spec
        self.entity = entity
        self.module = snake(entity.name)
        self.web_url = f"/{view.url}"
        self.solver = Solver(spec, entity)
        self.writable = {f.name for f in view.fields if f.writable}
        self.references = References(spec, entity, self.writable)

    def lines(self, row: AccessRow, action: str) -> list[str]:
        cell = row.cell(action)
        if action == "create":
            return self._create(row.role, cell)
        if action == "read":
            return self._read(effective_cell(self.entity, row, "read"))
        return self._change(row, action, cell)

    def anonymous(self) -> list[tuple[str, Span, tuple[str, ...]]]:
        """The tests of the `anyone` row, without a token: (name, cell span, lines)."""
        row = next((r for r in self.entity.access.rows if r.role == ANYONE), None)
        if row is None:
            return []
        no_token = "headers: dict[str, str] = {}"
        if row.read.kind == "no":
            read = [no_token, f"row = data.{self.module}()"]
            read += ["assert read(client, row, headers) == 401"]
            read += ["assert client.get(URL, headers=headers).status_code == 401"]
        else:
            read = [no_token] + [line for line in self._read(row.read) if "data.actor(" not in line]
            read += self._web_pages(read)
        writes = [
            no_token,
            f"row = data.{self.module}()",
            f"assert create(client, data.{self.module}_body(), headers) == 401",
            "assert update(client, row, headers) == 401",
            "assert delete(client, row, headers) == 401",
        ]
        return [
            (_VERBS[("read", row.read.kind)], row.read.span, tuple(read)),
            ("may_not_create_update_or_delete", row.span, tuple(writes)),
        ]

    def _alternatives(self, cell: AccessCell, want: bool) -> list[Solution]:
        match cell.kind:
            case "all":
                return [{}] if want else []
            case "no":
                return [] if want else [{}]
            case "own":
                return self.solver.own(want)
        assert cell.condition is not None
        return self.solver.solve(cell.condition, want)

    def _web_pages(self, lines: list[str]) -> list[str]:
        """The web list and detail pages of a visitor who is not signed in: the readable row
        is listed and shown with a sign-in link, the other neither (sign-in redirect)."""
        checks = [f'page = client.get("{self.web_url}")', "assert page.status_code == 200"]
        if any(line.startswith("allowed = ") for line in lines):
            checks += [
                f"assert f'href=\"{self.web_url}/{{allowed.id}}\"' in page.text",
                f'detail = client.get(f"{self.web_url}/{{allowed.id}}")',
                "assert detail.status_code == 200 and 'href=\"/login?next=' in detail.text",
                f"assert f'href=\"{self.web_url}/{{allowed.id}}/edit\"' not in detail.text",
            ]
        if any(line.startswith("refused = ") for line in lines):
            checks += [
                f"assert f'href=\"{self.web_url}/{{refused.id}}\"' not in page.text",
                f'hidden = client.get(f"{self.web_url}/{{refused.id}}", follow_redirects=False)',
                "assert hidden.status_code == 303",
                'assert hidden.headers["location"].startswith("/login")',
            ]
        return checks

    def _create(self, role: str, cell: AccessCell) -> list[str]:
        """Bodies with readable references: a refused one is the cell's 403. When the cell can
        be refused only through a reference the role may not read, that is the 422 of a
        missing reference (`looks_missing`)."""

        def with_body(solution: Solution | None) -> tuple[Solution, str] | None:
            if solution is None:
                return None
            arguments = body_arguments(self.spec, self.entity, self.writable, solution)
            if arguments is None:
                return None
            return solution, f"data.{self.module}_body({call_arguments(arguments)})"

        def readable(solutions: list[Solution]) -> tuple[Solution, str] | None:
            return _first(with_body(self.references.visible(role, s)) for s in solutions)

        allowed = readable(self._alternatives(cell, True))
        refused = readable(self._alternatives(cell, False))
        checks = []
        if allowed is not None:
            checks.append(f"assert create(client, {allowed[1]}, headers) == 201")
        if refused is not None:
            checks.append(f"assert create(client, {refused[1]}, headers) == 403")
        hidden = None
        if refused is None and cell.kind == "where":
            found = _first(self.references.hidden(role, s) for s in self._alternatives(cell, False))
            hidden = with_body(found[0]) if found else None
            if found is not None and hidden is not None:
                attribute = column_name(found[1].name, found[1].type)
                checks.append(
                    f'looks_missing(client, "POST", URL, {hidden[1]}, "{attribute}", headers)'
                )
        if not checks:
            checks.append(
                f"assert create(client, data.{self.module}_body(), headers) in (201, 403)"
            )
        comments = self._partial(cell, allowed is None, refused is None and hidden is None)
        used = [found[0] for found in (allowed, refused, hidden) if found is not None]
        return [*comments, *_actor(used), *checks]

    def _read(self, cell: AccessCell) -> list[str]:
        allowed = _first(self._alternatives(cell, True))
        refused = _first(self._alternatives(cell, False))
        lines, checks, listing = [], [], []
        if allowed is not None:
            lines.append(f"allowed = {self._row(allowed)}")
            checks.append("assert read(client, allowed, headers) == 200")
            listing.append("allowed.id in ids")
        if refused is not None:
            lines.append(f"refused = {self._row(refused)}")
            checks.append("assert read(client, refused, headers) == 404")
            listing.append("refused.id not in ids")
        if listing:
            checks += ["ids = listed(client, headers)", f"assert {' and '.join(listing)}"]
        else:
            checks.append("assert client.get(URL, headers=headers).status_code == 200")
        comments = self._partial(cell, allowed is None, refused is None)
        used = [s for s in (allowed, refused) if s is not None]
        return [*comments, *_actor(used), *lines, *checks]

    def _change(self, row: AccessRow, action: str, cell: AccessCell) -> list[str]:
        read = effective_cell(self.entity, row, "read")
        readable = self._alternatives(read, True)
        hidden = self._alternatives(read, False)
        allowed = _combine(self._alternatives(cell, True), readable, hidden)
        refused = _combine(self._alternatives(cell, False), readable, hidden)
        lines, checks, used = [], [], []
        if allowed is not None:
            solution, visible = allowed
            used.append(solution)
            lines.append(f"allowed = {self._row(solution)}")
            checks.append(
                f"assert {action}(client, allowed, headers) == {_OK[action] if visible else 404}"
            )
        if refused is not None:
            solution, visible = refused
            used.append(solution)
            lines.append(f"refused = {self._row(solution)}")
            checks.append(f"assert {action}(client, refused, headers) == {403 if visible else 404}")
        if not checks and readable:
            used.append(readable[0])
            lines.append(f"row = {self._row(readable[0])}")
            checks.append(f"assert {action}(client, row, headers) in ({_OK[action]}, 403)")
        comments = self._partial(cell, allowed is None, refused is None)
        return [*comments, *_actor(used), *lines, *checks]

    def moves(self, row: AccessRow) -> list[tuple[str, tuple[str, ...]]]:
        """Tests of references (`access_moves`): rows the role may not read look missing; a
        row it may update cannot be moved under a row it may not write, nor handed over."""
        mine = None
        if row.update.kind != "no":
            read = effective_cell(self.entity, row, "read")
            found = _combine(
                self._alternatives(row.update, True), self._alternatives(read, True), []
            )
            mine = self.references.visible(row.role, found[0]) if found else None
        tests = self.references.hidden_tests(row, self.module, mine)
        if mine is not None:
            tests += self.references.move_tests(row, mine)
            tests += self.references.owner_test(row, mine)
        return tests

    def _row(self, solution: Solution) -> str:
        return row_source(self.spec, self.entity.name, solution)

    def _partial(self, cell: AccessCell, no_allowed: bool, no_refused: bool) -> list[str]:
        """Comments saying which half of a cell the test cannot check, and why."""
        if cell.kind in ("all", "no") or not (no_allowed or no_refused):
            return []
        where = spec_refs(self.spec).of(cell.span)
        if no_allowed and no_refused:
            return [
                "# Partly covered: the generator cannot build rows for or against the condition",
                f"# at {where} (it uses computed fields, aggregates or functions);",
                "# this checks only that the role is not refused outright.",
            ]
        missing = "allows" if no_allowed else "refuses"
        checked = "refused" if no_allowed else "allowed"
        return [
            f"# Partly covered: the generator cannot build a row the condition at {where}",
            f"# {missing} (it uses computed fields, aggregates or functions); only the {checked}",
            "# case is checked.",
        ]


def _first(items: Iterable[T | None]) -> T | None:
    return next((item for item in items if item is not None), None)


def _combine(
    action: list[Solution], readable: list[Solution], hidden: list[Solution]
) -> tuple[Solution, bool] | None:
    """A row for the action's solution that the role can read (True), else one it cannot (False)."""
    for visible, reads in ((True, readable), (False, hidden)):
        for solution in action:
            for read in reads:
                merged = merge(solution, read)
                if merged is not None:
                    return merged, visible
    return None


def _actor(solutions: list[Solution]) -> list[str]:
    """The lines that make the acting user (and another user of the role, when used)."""
    acting = "user" if any(uses(s, ACTOR) for s in solutions) else "_"
    setup = [f"{acting}, headers = data.actor(role)"]
    if any(uses(s, OTHER) for s in solutions):
        setup.append("other = data.user(role)")
    return setup
