"""Which roles manage the accounts of a generated app (its users page).

The spec says who makes accounts only in prose ("Agents and admins are made by
an admin"), so the rule is structural: a role that may create, read, update and
delete every row of every entity, with no condition, manages users. In the
examples that is helpdesk's `admin` and bookings' and inventory's `manager`. A
spec where no role has full rights has no users page (accounts come from
`app.cli create-user` and sign-up).
"""

from __future__ import annotations

from compiler.analyse.views import AppView


def user_managers(app: AppView) -> tuple[str, ...]:
    def unconditional(role: str) -> bool:
        return all(
            any(role in grant.roles and grant.condition is None for grant in action.grants)
            for entity in app.entities
            for action in (
                entity.access.create,
                entity.access.read,
                entity.access.update,
                entity.access.delete,
            )
        )

    return tuple(role for role in app.roles if unconditional(role))
