"""The tables of the schema, as migrations spell them out (the initial revision and `evolve`).

A migration is a frozen snapshot: it must not import the models (which change
with the spec), so codegen writes each `op.create_table` explicitly. A generated
test compares the migrated database with the models, so the two cannot drift.
Every constraint has the name the models' naming convention gives it
(`NAMING_CONVENTION`), so a later revision can drop or alter it by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.constraints import CheckView
from compiler.analyse.uniques import UniqueView
from compiler.analyse.views import AppView, EntityView

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
}
"""The models' `MetaData(naming_convention=...)`; CHECK constraints are named explicitly."""


@dataclass(frozen=True, slots=True)
class ColumnView:
    name: str
    type: str
    nullable: bool
    enum_values: tuple[str, ...] = ()
    """The values of an enumeration column (stored as VARCHAR with a CHECK `enum_check`)."""
    enum_check: str | None = None
    field: str | None = None
    """The spec field the column stores (None for the app's own columns)."""


@dataclass(frozen=True, slots=True)
class TableView:
    name: str
    columns: tuple[ColumnView, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str | None], ...]
    """(column, referenced table, ondelete)."""
    uniques: tuple[str, ...]
    indexes: tuple[tuple[str, str, bool], ...]
    """(index name, column, unique)."""
    checks: tuple[CheckView, ...]
    entity: str | None = None
    """The spec entity the table stores (or whose list field it links), if any."""
    link_field: str | None = None
    """For a link table, the `list of` field it stores."""
    composite_uniques: tuple[UniqueView, ...] = ()
    """`unique (a, b)` rules: UNIQUE constraints, or partial unique indexes (`where`)."""

    def fk_name(self, column: str, target: str) -> str:
        return f"fk_{self.name}_{column}_{target}"

    def uq_name(self, column: str) -> str:
        return f"uq_{self.name}_{column}"


def _timestamps() -> tuple[ColumnView, ...]:
    return (
        ColumnView("created_at", "sa.DateTime(timezone=True)", False),
        ColumnView("updated_at", "sa.DateTime(timezone=True)", False),
    )


def user_table(app: AppView) -> TableView:
    roles = ", ".join(f'"{role}"' for role in app.roles)
    length = max(len(role) for role in app.roles)
    role_type = (
        f'sa.Enum({roles}, name="ck_app_user_role_values", native_enum=False, '
        f"create_constraint=True, length={length})"
    )
    columns = (
        ColumnView("id", "sa.Integer()", False),
        ColumnView("email", "sqlmodel.sql.sqltypes.AutoString(length=320)", False),
        ColumnView("name", "sqlmodel.sql.sqltypes.AutoString(length=200)", False),
        ColumnView("role", role_type, False, app.roles, "ck_app_user_role_values"),
        ColumnView("password_hash", "sqlmodel.sql.sqltypes.AutoString(length=200)", False),
        ColumnView("is_active", "sa.Boolean()", False),
        ColumnView("token_version", "sa.Integer()", False),
        *_timestamps(),
    )
    return TableView(
        "app_user", columns, ("id",), (), (), (("ix_app_user_email", "email", True),), ()
    )


def login_attempt_table() -> TableView:
    """The sign-in throttle's failed attempts (`app/core/throttle.py`)."""
    columns = (
        ColumnView("id", "sa.Integer()", False),
        ColumnView("account", "sqlmodel.sql.sqltypes.AutoString(length=320)", False),
        ColumnView("client", "sqlmodel.sql.sqltypes.AutoString(length=64)", False),
        ColumnView("at", "sa.DateTime(timezone=True)", False),
    )
    indexes = (
        ("ix_login_attempt_account", "account", False),
        ("ix_login_attempt_at", "at", False),
    )
    return TableView("login_attempt", columns, ("id",), (), (), indexes, ())


def entity_tables(entity: EntityView) -> tuple[TableView, ...]:
    columns = [ColumnView("id", "sa.Integer()", False)]
    columns += [
        ColumnView(
            f.attribute,
            f.column_type,
            f.optional,
            f.enum_values,
            f"ck_{entity.table}_{f.name}_values" if f.enum_values else None,
            f.name,
        )
        for f in entity.stored
    ]
    foreign_keys = tuple(
        (f.attribute, f.ref_table or "", f.ondelete) for f in entity.stored if f.ref_table
    )
    # A reference is indexed; a unique one by a unique index (as the model declares it),
    # not by an index beside a UNIQUE constraint.
    indexes = tuple(
        (f"ix_{entity.table}_{f.attribute}", f.attribute, f.unique)
        for f in entity.stored
        if f.ref_table
    )
    main = TableView(
        entity.table,
        (*columns, *_timestamps()),
        ("id",),
        foreign_keys,
        tuple(f.attribute for f in entity.stored if f.unique and not f.ref_table),
        indexes,
        entity.checks,
        entity.name,
        composite_uniques=entity.uniques,
    )
    links = tuple(
        TableView(
            link.table,
            (
                ColumnView(link.owner_column, "sa.Integer()", False),
                ColumnView(link.target_column, "sa.Integer()", False),
            ),
            (link.owner_column, link.target_column),
            (
                (link.owner_column, entity.table, "CASCADE"),
                (link.target_column, link.target_table, "CASCADE"),
            ),
            (),
            (),
            (),
            entity.name,
            link.field,
        )
        for link in entity.links
    )
    return (main, *links)


def migration_tables(app: AppView) -> tuple[TableView, ...]:
    """All tables, each after the tables it references (link tables last)."""
    ordered = _dependency_order(app.entities)
    mains = [entity_tables(e)[0] for e in ordered]
    links = [table for e in ordered for table in entity_tables(e)[1:]]
    return (user_table(app), login_attempt_table(), *mains, *links)


def _dependency_order(entities: tuple[EntityView, ...]) -> list[EntityView]:
    """A stable topological order: declaration order, referenced entities first."""
    by_name = {e.name: e for e in entities}
    ordered: list[EntityView] = []
    visiting: set[str] = set()

    def visit(entity: EntityView) -> None:
        if entity in ordered or entity.name in visiting:
            return
        visiting.add(entity.name)
        for name in entity.references:
            if name in by_name:
                visit(by_name[name])
        ordered.append(entity)

    for entity in entities:
        visit(entity)
    return ordered
