"""Type checking of expressions: every name resolved, every operator applied to fitting types.

`ExprTyper.type_of` returns the `VType` of an expression and reports each
problem once, at the offending token; after an error the value is `unknown`,
which is compatible with everything so one mistake yields one diagnostic.
"""

from __future__ import annotations

__all__ = ["ExprTyper", "Scope"]


from compiler.check.call_types import CallTyping
from compiler.check.scope import Scope
from compiler.check.time_types import TimeProblem, time_arithmetic
from compiler.check.value_types import (
    BOOL,
    DATETIME,
    DECIMAL,
    INT,
    NULL,
    NUMERIC,
    TEXT,
    UNKNOWN,
    VType,
    common,
    comparable,
    of_field_type,
    orderable,
)
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.expr import (
    Aggregate,
    Binary,
    BoolLit,
    Call,
    Conditional,
    DecimalLit,
    Expr,
    In,
    IntLit,
    IsNull,
    IsOwn,
    NullLit,
    Path,
    StringLit,
    Unary,
)
from compiler.ir.model import Entity, Spec
from compiler.ir.span import Span
from compiler.ir.types import USER_ENTITY
from compiler.lower.names import did_you_mean

_COLUMNS = {"id": INT, "created_at": DATETIME, "updated_at": DATETIME}
_USER_FIELDS = {"email": TEXT, "name": TEXT}


class ExprTyper(CallTyping):
    def __init__(self, spec: Spec, diags: Diagnostics) -> None:
        self.spec = spec
        self.diags = diags
        self.roles = tuple(r.name for r in spec.app.roles)

    def condition(self, expr: Expr, scope: Scope, what: str) -> None:
        """Check that `expr` is a true/false condition."""
        found = self.type_of(expr, scope)
        self._expect_bool(expr, found, what)

    def type_of(self, expr: Expr, scope: Scope) -> VType:
        match expr:
            case StringLit():
                return TEXT
            case IntLit():
                return INT
            case DecimalLit():
                return DECIMAL
            case BoolLit():
                return BOOL
            case NullLit():
                return NULL
            case Path():
                return self._path(expr, scope)
            case Unary(op="not"):
                self._expect_bool(expr.operand, self.type_of(expr.operand, scope), "`not`")
                return BOOL
            case Unary():
                operand = self.type_of(expr.operand, scope)
                return self._numeric(expr.operand, operand, "unary `-`")
            case Binary():
                return self._binary(expr, scope)
            case In():
                return self._in(expr, scope)
            case IsNull():
                self.type_of(expr.value, scope)
                return BOOL
            case IsOwn():
                return self._is_own(expr, scope)
            case Call():
                return self._call(expr, scope)
            case Conditional():
                return self._conditional(expr, scope)
            case Aggregate():
                return self._aggregate(expr, scope)
        return UNKNOWN

    # names

    def _path(self, path: Path, scope: Scope) -> VType:
        head, *rest = path.parts
        current = self._head(head, path.part_spans[0], scope)
        entity_name = None
        for part, span in zip(rest, path.part_spans[1:], strict=True):
            if current.kind == "unknown":
                return UNKNOWN
            if current.kind != "ref":
                self._error(
                    codes.TYPE_MISMATCH, span, f"'{part}': {current.describe()} has no fields"
                )
                return UNKNOWN
            entity_name = current.entity
            nullable = current.nullable
            current = self._member(entity_name or "", part, span)
            if nullable and current.kind != "unknown":
                current = VType(current.kind, current.entity, current.values, True)
        return current

    def _head(self, name: str, span: Span, scope: Scope) -> VType:
        if name in scope.names:
            return scope.names[name]
        if name == "self":
            if scope.self_entity is None:
                self._error(codes.NOT_IN_CONTEXT, span, "`self` is not available here")
                return UNKNOWN
            return VType("ref", entity=scope.self_entity.name)
        if name == "current_user":
            if not scope.current_user:
                self._error(
                    codes.NOT_IN_CONTEXT,
                    span,
                    "`current_user` is not available here",
                    "an example's `expect` reads rows as nobody in particular: compare with a "
                    "given user instead (`T1.opened_by == ann`)",
                )
                return UNKNOWN
            return VType("ref", entity=USER_ENTITY)
        if scope.entity is not None:
            found = self._field_of(scope.entity, name)
            if found is not None:
                return found
            if not scope.entity.fields:
                return UNKNOWN  # its fields table is broken, and reported already
        if scope.entity is None:  # an example's `expect`: names are given rows and users
            hint = did_you_mean(name, scope.names) or "give it first: `given Entity NAME …`"
            self._error(codes.EXAMPLE_UNKNOWN_NAME, span, f"unknown row or user '{name}'", hint)
            return UNKNOWN
        fields = [f.name for f in scope.entity.fields]
        hint = did_you_mean(name, [*fields, "self", "current_user"])
        message = f"unknown name '{name}'"
        self._error(codes.UNKNOWN_NAME, span, message, hint or "fields: " + ", ".join(fields))
        return UNKNOWN

    def _member(self, entity_name: str, name: str, span: Span) -> VType:
        if entity_name == USER_ENTITY:
            if name == "role":
                return VType("enum", values=self.roles) if self.roles else UNKNOWN
            found = _USER_FIELDS.get(name) or _COLUMNS.get(name)
            if found is None:
                hint = (
                    did_you_mean(name, ["email", "name", "role", "id"])
                    or "User has email, name, role"
                )
                self._error(codes.UNKNOWN_NAME, span, f"User has no field '{name}'", hint)
                return UNKNOWN
            return found
        entity = self.spec.entity(entity_name)
        if entity is None or not entity.fields:
            return UNKNOWN
        found = self._field_of(entity, name)
        if found is None:
            hint = did_you_mean(name, [f.name for f in entity.fields])
            self._error(codes.UNKNOWN_NAME, span, f"{entity.name} has no field '{name}'", hint)
            return UNKNOWN
        return found

    def _field_of(self, entity: Entity, name: str) -> VType | None:
        if name in _COLUMNS:
            return _COLUMNS[name]
        found = entity.field(name)
        return of_field_type(found.type, found.optional) if found else None

    # operators

    def _binary(self, expr: Binary, scope: Scope) -> VType:
        left = self.type_of(expr.left, scope)
        right = self.type_of(expr.right, scope)
        if expr.op in ("and", "or"):
            self._expect_bool(expr.left, left, f"`{expr.op}`")
            self._expect_bool(expr.right, right, f"`{expr.op}`")
            return BOOL
        if expr.op in ("==", "!="):
            if not comparable(left, right):
                self._mismatch(expr, left, right)
            self._check_literal_member(expr.left, left, expr.right)
            self._check_literal_member(expr.right, right, expr.left)
            return BOOL
        if expr.op in ("<", "<=", ">", ">="):
            if not orderable(left, right):
                self._mismatch(expr, left, right)
            return BOOL
        return self._arithmetic(expr, left, right)

    def _conditional(self, expr: Conditional, scope: Scope) -> VType:
        self.condition(expr.condition, scope, "the condition of `if`")
        then = self.type_of(expr.then, scope)
        otherwise = self.type_of(expr.otherwise, scope)
        found = common(then, otherwise)
        if found is not None:
            return found
        message = (
            f"`if` gives {then.describe()} in one branch and {otherwise.describe()} in the other"
        )
        hint = "give both branches the same type"
        self._error(codes.BRANCH_TYPES_DIFFER, expr.otherwise.span, message, hint)
        return UNKNOWN

    def _arithmetic(self, expr: Binary, left: VType, right: VType) -> VType:
        if "unknown" in (left.kind, right.kind):
            return UNKNOWN
        timed = time_arithmetic(expr.op, expr.left, left, expr.right, right)
        if isinstance(timed, TimeProblem):
            self._error(timed.code, expr.op_span, timed.message, timed.hint)
            return UNKNOWN
        if timed is not None:
            return timed
        nullable = left.nullable or right.nullable
        if expr.op == "+" and left.kind == right.kind == "text":
            return VType("text", nullable=nullable)
        if left.kind in NUMERIC and right.kind in NUMERIC:
            both_int = left.kind == right.kind == "int" and expr.op != "/"
            return VType("int" if both_int else "decimal", nullable=nullable)
        hint = (
            "move a date with `d + days(n)`; count days with days_between(a, b)"
            if "date" in (left.kind, right.kind) or "datetime" in (left.kind, right.kind)
            else None
        )
        self._mismatch(expr, left, right, hint)
        return UNKNOWN

    def _in(self, expr: In, scope: Scope) -> VType:
        value = self.type_of(expr.value, scope)
        for option in expr.options:
            option_type = self.type_of(option, scope)
            if not comparable(value, option_type):
                self._error(
                    codes.TYPE_MISMATCH,
                    option.span,
                    f"cannot compare {value.describe()} with {option_type.describe()}",
                )
            self._check_literal_member(expr.value, value, option)
        return BOOL

    def _is_own(self, expr: IsOwn, scope: Scope) -> VType:
        value = self.type_of(expr.value, scope)
        if value.kind == "unknown":
            return BOOL
        if value.kind != "ref":
            self._error(
                codes.TYPE_MISMATCH,
                expr.value.span,
                f"`is own` needs a reference, not {value.describe()}",
            )
            return BOOL
        entity = self.spec.entity(value.entity or "")
        if value.entity != USER_ENTITY and (entity is None or not entity.owner_candidates()):
            self._error(
                codes.NO_OWNER_FOR_OWN,
                expr.span,
                f"{value.entity} has no owner, so `is own` has no meaning",
                "give it a User field `set to current user` (or mark one `owner`)",
            )
        return BOOL

    def _aggregate(self, agg: Aggregate, scope: Scope) -> VType:
        entity = self.spec.entity(agg.entity)
        if entity is None:
            hint = did_you_mean(agg.entity, [e.name for e in self.spec.entities])
            self._error(
                codes.UNKNOWN_ENTITY_IN_EXPR,
                agg.entity_span,
                f"unknown entity '{agg.entity}'",
                hint,
            )
            return UNKNOWN
        if agg.where is not None:
            inner = Scope(entity, scope.self_entity, scope.current_user, scope.names)
            self.condition(agg.where, inner, f"the condition of {agg.func}()")
        if agg.field is None:
            return INT
        found = self._member(entity.name, agg.field, agg.entity_span)
        if found.kind == "unknown":
            return UNKNOWN
        if agg.func in ("sum", "avg"):
            self._numeric(agg, found, f"{agg.func}()")
            return DECIMAL if agg.func == "avg" else found.required()
        if not orderable(found, found):
            self._error(codes.TYPE_MISMATCH, agg.span, f"{agg.func}() of {found.describe()}")
        return VType(found.kind, found.entity, found.values, True)

    # helpers

    def _check_literal_member(self, side: Expr, side_type: VType, other: Expr) -> None:
        """`priority == "urgnt"`: a string compared with an enumeration must be a value of it."""
        if side_type.kind != "enum" or not isinstance(other, StringLit):
            return
        if other.value in side_type.values:
            return
        is_role = (
            isinstance(side, Path) and side.parts[-1] == "role" and side_type.values == self.roles
        )
        code = codes.UNKNOWN_ROLE if is_role else codes.NOT_ENUM_VALUE
        what = "a role" if is_role else "a value of " + ".".join(getattr(side, "parts", ("it",)))
        hint = did_you_mean(other.value, side_type.values) or "one of: " + ", ".join(
            side_type.values
        )
        self._error(code, other.span, f"'{other.value}' is not {what}", hint)

    def _expect_bool(self, expr: Expr, found: VType, what: str) -> None:
        if found.kind in ("bool", "unknown"):
            return
        hint = None
        if found.kind in ("ref", "text", "date", "datetime") or found.nullable:
            hint = "to test for a value, write `… is set`"
        self._error(
            codes.NOT_BOOLEAN, expr.span, f"{what} needs a condition, got {found.describe()}", hint
        )

    def _numeric(self, expr: Expr, found: VType, what: str) -> VType:
        if found.kind in NUMERIC or found.kind == "unknown":
            return found
        self._error(
            codes.TYPE_MISMATCH, expr.span, f"{what} needs a number, got {found.describe()}"
        )
        return UNKNOWN

    def _text(self, expr: Expr, found: VType, what: str) -> VType:
        if found.kind in ("text", "unknown"):
            return found
        self._error(codes.TYPE_MISMATCH, expr.span, f"{what}() needs text, got {found.describe()}")
        return UNKNOWN

    def _time(self, expr: Expr, found: VType, what: str) -> VType:
        if found.kind in ("date", "datetime", "unknown"):
            return found
        self._error(
            codes.TYPE_MISMATCH, expr.span, f"{what}() needs a date, got {found.describe()}"
        )
        return UNKNOWN

    def _mismatch(self, expr: Binary, left: VType, right: VType, hint: str | None = None) -> None:
        if "unknown" in (left.kind, right.kind):
            return
        message = f"cannot apply `{expr.op}` to {left.describe()} and {right.describe()}"
        self._error(codes.TYPE_MISMATCH, expr.op_span, message, hint)

    def _error(self, code, span: Span, message: str, hint: str | None = None) -> None:
        self.diags.add(code, span, message, hint)
