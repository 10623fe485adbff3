"""References in the generated access tests: rows a role may not read, and moves under rows it
may not write.

A reference to a row the role may not read is refused exactly like a reference to no row
(the same 422 and body), so ids of other users' rows are not revealed; a reference to a row
it may read but not write (its update cell for the target is `own` or `where`) is a 403 on
an update. Tests built here:

- the bodies of the create tests get readable references, so a refused create `where` is
  the 403 of the cell and not the 422 of a hidden reference (or, when the cell can only be
  refused through a hidden reference, expects that 422);
- `<field>_to_a_row_it_may_not_read_looks_missing`: a create and an update pointing at a row
  the role may not read get the same answer as one pointing at no row;
- `may_not_move_<field>_to_a_row_it_may_not_write`: an update pointing a reference (or adding
  to a `list of` field) at a readable row the role may not write is a 403 and changes nothing;
- `may_not_hand_its_row_to_another_user`: for an `own` update cell, changing the writable
  owner field to another user is a 403 and changes nothing.
"""

from __future__ import annotations

from compiler.ir.anyone import effective_cell, role_rows
from compiler.ir.model import AccessCell, AccessRow, Entity, Field, OnlyWhere, Spec
from compiler.ir.types import USER_ENTITY, ListType, RefType
from compiler.testgen.data.conditions import (
    ACTOR,
    OTHER,
    Solution,
    Solver,
    body_arguments,
    call_arguments,
    merge,
    row_source,
    user_role,
)
from compiler.translate.names import column_name

Lines = tuple[str, ...]


class References:
    """The writable references of one entity, seen from each role."""

    def __init__(self, spec: Spec, entity: Entity, writable: set[str]) -> None:
        self.spec = spec
        self.entity = entity
        self.writable = writable

    def _fields(self, lists: bool = False) -> list[tuple[Field, Entity]]:
        kinds = (RefType, ListType) if lists else (RefType,)
        found = []
        for field in self.entity.fields:
            if field.name not in self.writable or not isinstance(field.type, kinds):
                continue
            target = self.spec.entity(field.type.entity)
            if field.type.entity != USER_ENTITY and target is not None and target.access:
                found.append((field, target))
        return found

    def _target_cell(self, target: Entity, role: str, action: str) -> AccessCell | None:
        assert target.access is not None
        row = next((r for r in role_rows(target.access) if r.role == role), None)
        return effective_cell(target, row, action) if row is not None else None

    def target_rows(self, target: Entity, role: str, action: str, want: bool) -> list[Solution]:
        """Rows of the target the role's `action` cell allows (want) or refuses."""
        cell = self._target_cell(target, role, action)
        if cell is None or cell.kind == "no":
            return [] if want else [{}]
        if cell.kind == "all":
            return [{}] if want else []
        solver = Solver(self.spec, target)
        if cell.kind == "own":
            return solver.own(want)
        assert cell.condition is not None
        return solver.solve(cell.condition, want)

    def _options(self, field: Field, target: Entity, role: str, want: bool) -> list[Solution]:
        return [
            {(field.name, *path): value for path, value in solution.items()}
            for solution in self.target_rows(target, role, "read", want)
        ]

    def _concerns(self, field: Field, solution: Solution) -> bool:
        return not field.optional or any(path[0] == field.name for path in solution)

    def visible(self, role: str, solution: Solution, skip: str = "") -> Solution | None:
        """The solution with each reference it sends (but `skip`) made readable by the role,
        or None."""
        merged: Solution | None = solution
        for field, target in self._fields():
            if merged is None or field.name == skip or not self._concerns(field, merged):
                continue
            options = self._options(field, target, role, True)
            if options == [{}]:
                continue
            merged = next((m for o in options if (m := merge(merged, o)) is not None), None)
        return merged

    def hidden(self, role: str, solution: Solution) -> tuple[Solution, Field] | None:
        """The solution with one reference pointing at a row the role may not read."""
        for field, target in self._fields():
            for option in self._options(field, target, role, False):
                merged = merge(solution, option)
                rest = self.visible(role, merged, field.name) if merged else None
                if rest is not None:
                    return rest, field
        return None

    def hidden_tests(
        self, row: AccessRow, module: str, mine: Solution | None
    ) -> list[tuple[str, Lines]]:
        """A create and an update pointing at a row the role may not read answer like no row."""
        tests = []
        for field, target in self._fields(lists=True):
            refused = self.target_rows(target, row.role, "read", False)
            if not refused:
                continue
            attribute = column_name(field.name, field.type)
            source = row_source(self.spec, target.name, refused[0])
            value = "[hidden.id]" if isinstance(field.type, ListType) else "hidden.id"
            others = self.visible(row.role, {}, field.name)
            lines = [*actor([refused[0], mine or {}, others or {}]), f"hidden = {source}"]
            checks = len(lines)
            arguments = body_arguments(self.spec, self.entity, self.writable, others or {})
            if row.create.kind != "no" and arguments is not None:
                body = f"data.{module}_body({call_arguments(arguments)})"
                lines.append(f'body = {{**{body}, "{attribute}": {value}}}')
                lines.append(f'looks_missing(client, "POST", URL, body, "{attribute}", headers)')
            if mine is not None and row.update.kind != "no":
                lines.append(f"row = {row_source(self.spec, self.entity.name, mine)}")
                lines.append(
                    f'looks_missing(client, "PATCH", f"{{URL}}/{{row.id}}", '
                    f'{{"{attribute}": {value}}}, "{attribute}", headers)'
                )
            if len(lines) > checks:
                tests.append((f"{field.name}_to_a_row_it_may_not_read_looks_missing", tuple(lines)))
        return tests

    def move_tests(self, row: AccessRow, mine: Solution) -> list[tuple[str, Lines]]:
        """PATCH a reference of a row the role may update to a readable row it may not write."""
        tests = []
        for field, target in self._fields(lists=True):
            cell = self._target_cell(target, row.role, "update")
            if cell is None or cell.kind not in ("own", "where"):
                continue
            readable = self.target_rows(target, row.role, "read", True)
            unwritable = self.target_rows(target, row.role, "update", False)
            found = next(
                (m for u in unwritable for r in readable if (m := merge(u, r)) is not None), None
            )
            if found is None:
                continue
            attribute = column_name(field.name, field.type)
            listed = isinstance(field.type, ListType)
            value = "[target.id]" if listed else "target.id"
            expected = "in (403, 422)" if field.has(OnlyWhere) else "== 403"
            url = 'f"{URL}/{row.id}"'
            lines = (
                *actor([mine, found]),
                f"row = {row_source(self.spec, self.entity.name, mine)}",
                f"target = {row_source(self.spec, target.name, found)}",
                f'before = client.get({url}, headers=headers).json()["{attribute}"]',
                f'response = client.patch({url}, json={{"{attribute}": {value}}}, headers=headers)',
                f"assert response.status_code {expected}, response.text",
                f'assert client.get({url}, headers=headers).json()["{attribute}"] == before',
            )
            tests.append((f"may_not_move_{field.name}_to_a_row_it_may_not_write", lines))
        return tests

    def owner_test(self, row: AccessRow, mine: Solution) -> list[tuple[str, Lines]]:
        """An `own` update cell: handing the row to another user (the owner field) is refused."""
        owner = self.entity.owner
        if row.update.kind != "own" or owner is None or owner not in self.writable:
            return []
        field = self.entity.field(owner)
        assert field is not None
        attribute = column_name(field.name, field.type)
        url = 'f"{URL}/{row.id}"'
        setup = actor([mine], other=True)
        if field.has(OnlyWhere) and OTHER not in mine.values():
            # the field takes users of some roles only: hand the row to one of those, so the
            # refusal is the 403 of `own`, not the field's 422
            setup = [
                *actor([mine]),
                f'other = data.user("{user_role(self.spec, self.entity, field)}")',
            ]
        lines = (
            *setup,
            f"row = {row_source(self.spec, self.entity.name, mine)}",
            f'response = client.patch({url}, json={{"{attribute}": other.id}}, headers=headers)',
            "assert response.status_code == 403, response.text",
            f'assert client.get({url}, headers=headers).json()["{attribute}"] == user.id',
        )
        return [("may_not_hand_its_row_to_another_user", lines)]


def actor(solutions: list[Solution], *, other: bool = False) -> list[str]:
    """The lines that make the acting user (and another user of the role, when used)."""
    acting = "user" if any(ACTOR in s.values() for s in solutions) else "_"
    setup = [f"{acting}, headers = data.actor(role)"]
    if other or any(OTHER in s.values() for s in solutions):
        setup.append("other = data.user(role)")
    return setup
