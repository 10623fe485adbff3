"""Hand-written policy for tickets: customers must not put passwords in them.

The spec cannot say this (a rule over the words of a text), so it is a hook: it runs
before a ticket is created or changed, inside the write's transaction, and refuses
the write with a message the API returns as a 422 and the web form shows.
"""

from __future__ import annotations

import re

from app.core.errors import RuleBroken
from app.models.ticket import Ticket
from app.services.hooks import Event
from app.services.ticket import hooks

SECRET = re.compile(r"\b(password|passwd|pwd)\s*(is|:|=)", re.IGNORECASE)
"""A sentence that gives a password away: "my password is …", "pwd: …"."""
MESSAGE = "Never put a password in a ticket: support will never ask you for one."


@hooks.before_create
def no_passwords_in_new_tickets(event: Event[Ticket]) -> None:
    _refuse_secrets(event, {"title": event.row.title, "body": event.row.body})


@hooks.before_update
def no_passwords_in_changed_tickets(event: Event[Ticket]) -> None:
    texts = {name: event.changes.get(name) for name in ("title", "body")}
    _refuse_secrets(event, texts)


def _refuse_secrets(event: Event[Ticket], texts: dict[str, object]) -> None:
    """Customers are refused; agents and admins may quote a customer's message."""
    if event.user.role != "customer":
        return
    for field, text in texts.items():
        if isinstance(text, str) and SECRET.search(text):
            raise RuleBroken(MESSAGE, field=field)
