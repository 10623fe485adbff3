"""Diagnostic codes of the `anyone` row of Access tables (E408–E411), registered with all
others and re-exported by `compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

ANYONE_IS_RESERVED = define(
    "E408",
    "`anyone` is not a role",
    "`anyone` is the Access tables' word for visitors who are not signed in; no user can "
    "hold it, so `auth.roles` may not list it.",
)
ANYONE_MAY_ONLY_READ = define(
    "E409",
    "`anyone` may only read",
    "Anonymous visitors may not create, update or delete: nobody could be held to account "
    "for the change. Their create, update and delete cells are `no`.",
)
ANYONE_OWNS_NOTHING = define(
    "E410",
    "`own` for anyone",
    "A visitor who is not signed in owns no row; write `all` or where `condition`.",
)
ANYONE_HAS_NO_USER = define(
    "E411",
    "no current user for anyone",
    "An `anyone` row's condition cannot use `current_user` or `is own`: an anonymous "
    "visitor has no account.",
)
