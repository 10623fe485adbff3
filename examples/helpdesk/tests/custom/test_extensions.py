"""Tests of the hand-written extensions (`app/extensions/`): the password hook, the
statistics router and the home page template. The build gate runs them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.extensions.ticket_policy import MESSAGE

PASSWORD = "correct horse battery"
"""The password of `make_user`'s accounts (tests/conftest.py)."""


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def sign_in(client: TestClient, email: str) -> None:
    form = {
        "email": email,
        "password": PASSWORD,
        "next": "/",
        "csrf_token": csrf_token(client.get("/login").text),
    }
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


def test_a_customer_may_not_put_a_password_in_a_new_ticket(
    client: TestClient, make_user, data
) -> None:
    _, headers = make_user("customer")
    body = data.ticket_body(body="Hello, my password is hunter2, please fix my account.")

    response = client.post("/api/tickets", json=body, headers=headers)

    assert response.status_code == 422, response.text
    assert response.json()["detail"] == [
        {"type": "value_error", "loc": ["body", "body"], "msg": MESSAGE}
    ]
    assert client.get("/api/tickets", headers=headers).json()["count"] == 0  # rolled back


def test_the_hook_lets_other_tickets_and_admins_through(
    client: TestClient, make_user, data
) -> None:
    _, customer = make_user("customer")
    _, admin = make_user("admin")
    forgot = data.ticket_body(body="I forgot my password.")
    assert client.post("/api/tickets", json=forgot, headers=customer).status_code == 201
    quoted = data.ticket_body(body="The customer wrote: password: hunter2")
    assert client.post("/api/tickets", json=quoted, headers=admin).status_code == 201


def test_a_customer_may_not_edit_a_password_into_a_ticket(
    client: TestClient, make_user, data
) -> None:
    _, headers = make_user("customer")
    created = client.post("/api/tickets", json=data.ticket_body(), headers=headers).json()

    response = client.patch(
        f"/api/tickets/{created['id']}", json={"title": "pwd = hunter2"}, headers=headers
    )

    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "title"]
    assert (
        client.get(f"/api/tickets/{created['id']}", headers=headers).json()["title"]
        == created["title"]
    )


def test_the_web_form_shows_the_hooks_message(client: TestClient, make_user, data) -> None:
    user, _ = make_user("customer")
    product = data.product(active=True)
    sign_in(client, user.email)
    form = {
        "title": "Cannot sign in",
        "body": "My password is hunter2",
        "product_id": str(product.id),
        "priority": "normal",
        "csrf_token": csrf_token(client.get("/tickets/new").text),
    }

    response = client.post("/tickets/new", data=form, follow_redirects=False)

    assert response.status_code == 422
    assert MESSAGE.replace("'", "&#39;") in response.text


def test_ticket_counts_cover_only_readable_tickets(client: TestClient, make_user, data) -> None:
    customer, headers = make_user("customer")
    _, agent = make_user("agent")
    data.ticket(opened_by=customer.id, status="open")
    data.ticket(opened_by=customer.id, status="closed", closed_at=data.ticket().created_at)

    mine = client.get("/api/stats/tickets", headers=headers).json()
    everyone = client.get("/api/stats/tickets", headers=agent).json()

    assert mine == {"total": 2, "by_status": {"open": 1, "pending": 0, "closed": 1}}
    assert everyone["total"] == 3
    assert client.get("/api/stats/tickets").status_code == 401


def test_the_home_page_is_the_hand_written_template(client: TestClient, make_user) -> None:
    user, _ = make_user("customer")
    sign_in(client, user.email)
    assert "Support will never ask for your password." in client.get("/").text
