"""Run inside a copy of the helpdesk example by `tests/test_extensions.py` (not collected
here): every hook moment of the generated services, its event, its transaction."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from app.core.errors import Conflict
from app.models.tag import Tag
from app.services import ticket
from app.services.hooks import Event, Moment, Transition
from fastapi.testclient import TestClient
from sqlmodel import select

MOMENTS: tuple[Moment, ...] = (
    "before_create",
    "after_create",
    "before_update",
    "after_update",
    "before_transition",
    "after_transition",
    "before_action",
    "after_action",
    "before_delete",
    "after_delete",
)


@pytest.fixture
def seen() -> Iterator[list[tuple[Moment, Event, int | None]]]:
    """(moment, event) of every ticket hook call, in order, with the row's id at the time."""
    calls: list[tuple[Moment, Event, int | None]] = []
    hooks = {m: (lambda event, m=m: calls.append((m, event, event.row.id))) for m in MOMENTS}
    for moment, hook in hooks.items():
        ticket.hooks.add(moment, hook)
    yield calls
    for moment, hook in hooks.items():
        ticket.hooks.remove(moment, hook)


def refusing(moment: Moment, error: Exception):
    def hook(event: Event) -> None:
        raise error

    ticket.hooks.add(moment, hook)
    return hook


def test_every_moment_with_its_event(client: TestClient, make_user, data, seen) -> None:
    customer, as_customer = make_user("customer")
    agent, as_agent = make_user("agent")
    _, as_admin = make_user("admin")

    created = client.post("/api/tickets", json=data.ticket_body(), headers=as_customer)
    assert created.status_code == 201, created.text
    row_id = created.json()["id"]
    assert [(m, i) for m, _, i in seen] == [("before_create", None), ("after_create", row_id)]
    assert (
        seen[0][1].user.id == customer.id and seen[0][1].changes["title"] == created.json()["title"]
    )
    seen.clear()

    client.patch(f"/api/tickets/{row_id}", json={"title": "A new title"}, headers=as_customer)
    assert [m for m, _, _ in seen] == ["before_update", "after_update"]
    assert dict(seen[0][1].changes) == {"title": "A new title"}
    seen.clear()

    moved = client.patch(f"/api/tickets/{row_id}", json={"status": "pending"}, headers=as_agent)
    assert moved.status_code == 200, moved.text
    assert [m for m, _, _ in seen] == [
        "before_update",
        "before_transition",
        "after_transition",
        "after_update",
    ]
    assert seen[1][1].transition == Transition("status", "open", "pending")
    assert seen[1][1].user.id == agent.id
    seen.clear()

    escalated = client.post(f"/api/tickets/{row_id}/actions/escalate", headers=as_agent)
    assert escalated.status_code == 200, escalated.text
    assert escalated.json()["priority"] == "high"
    assert [m for m, _, _ in seen] == ["before_action", "after_action"]
    assert seen[0][1].action == "escalate" and seen[0][1].user.id == agent.id
    seen.clear()

    assert client.delete(f"/api/tickets/{row_id}", headers=as_admin).status_code == 204
    assert [m for m, _, _ in seen] == ["before_delete", "after_delete"]


def test_a_refused_transition_runs_no_transition_hook(
    client: TestClient, make_user, data, seen
) -> None:
    _, as_customer = make_user("customer")
    row_id = client.post("/api/tickets", json=data.ticket_body(), headers=as_customer).json()["id"]
    seen.clear()
    response = client.patch(
        f"/api/tickets/{row_id}", json={"status": "pending"}, headers=as_customer
    )
    assert response.status_code == 403
    assert [m for m, _, _ in seen] == ["before_update"]


@pytest.mark.parametrize("moment", ["before_create", "after_create"])
def test_a_hook_runs_in_the_writes_transaction(
    client: TestClient, session, make_user, data, moment
) -> None:
    """What a hook writes is committed with the write, and rolled back with it when a
    later hook refuses: an after-hook's Conflict is a 409 and nothing is stored."""
    _, as_customer = make_user("customer")

    def add_tag(event: Event) -> None:
        event.session.add(Tag(name=f"from-{event.row.title.lower().replace(' ', '-')}"[:30]))

    ticket.hooks.add(moment, add_tag)
    try:
        body = data.ticket_body(title="Kept one")
        assert client.post("/api/tickets", json=body, headers=as_customer).status_code == 201
        refuse = refusing("after_create", Conflict("Not today"))
        try:
            response = client.post(
                "/api/tickets", json=data.ticket_body(title="Gone one"), headers=as_customer
            )
        finally:
            ticket.hooks.remove("after_create", refuse)
    finally:
        ticket.hooks.remove(moment, add_tag)

    assert (response.status_code, response.json()) == (409, {"detail": "Not today"})
    session.rollback()
    assert session.exec(select(Tag.name)).all() == ["from-kept-one"]
    assert client.get("/api/tickets", headers=as_customer).json()["count"] == 1


def test_the_ui_shows_a_hooks_conflict_on_the_form(client: TestClient, make_user, data) -> None:
    user, _ = make_user("customer")
    product = data.product(active=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    form = {
        "email": user.email,
        "password": "correct horse battery",
        "next": "/",
        "csrf_token": token,
    }
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    page = client.get("/tickets/new").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {
        "title": "Cannot sign in",
        "body": "Help",
        "product_id": str(product.id),
        "priority": "normal",
        "csrf_token": token,
    }
    refuse = refusing("before_create", Conflict("The queue is closed for today."))
    try:
        response = client.post("/tickets/new", data=form, follow_redirects=False)
    finally:
        ticket.hooks.remove("before_create", refuse)
    assert response.status_code == 422 and "The queue is closed for today." in response.text
