"""References under attack, against compiled examples served by uvicorn (issue 10).

A reference to a row the user may not read is answered exactly like a reference to an id
no row has (same status, same body), on create and on update, so ids of other users' rows
cannot be enumerated (helpdesk: a customer pointing a comment at another customer's
ticket). An update may not move a row under a row the user may read but not write
(inventory: a clerk moving a line of their own order to another clerk's order), nor hand
a row to another user through a `User` field, and a refused write changes nothing.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.app_server import App, app_env, running_app

ROOT = Path(__file__).resolve().parents[2]
MISSING = 999_999_999
PASSWORD = "a long passphrase 42"


@pytest.fixture(scope="module")
def helpdesk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    with running_app(ROOT / "examples" / "helpdesk", tmp_path_factory.mktemp("refs")) as app:
        yield app


def _customer(app: App, name: str) -> httpx.Client:
    """A signed-up customer's API client."""
    account = {"email": f"{name}@example.com", "name": name.title(), "password": PASSWORD}
    assert httpx.post(f"{app.base_url}/api/auth/signup", json=account).status_code == 201
    return _signed_in(app, account["email"])


def _signed_in(app: App, email: str) -> httpx.Client:
    token = httpx.post(
        f"{app.base_url}/api/auth/token", data={"username": email, "password": PASSWORD}
    )
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    return httpx.Client(base_url=app.base_url, headers=headers, timeout=10)


def _created(client: httpx.Client, path: str, body: dict[str, object]) -> dict[str, object]:
    response = client.post(path, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _same_answer(hidden: httpx.Response, missing: httpx.Response, field: str) -> None:
    assert hidden.status_code == 422, hidden.text
    assert [e["loc"][-1] for e in hidden.json()["detail"]] == [field], hidden.text
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())
    assert hidden.headers.get("content-length") == missing.headers.get("content-length")


def test_another_customers_ticket_is_answered_like_no_ticket(helpdesk: App) -> None:
    admin = httpx.Client(base_url=helpdesk.base_url, headers=helpdesk.headers, timeout=10)
    product = _created(
        admin, "/api/products", {"name": "Router", "code": "RTR", "support_email": "r@x.org"}
    )
    ann, bob = _customer(helpdesk, "ann"), _customer(helpdesk, "bob")
    ticket = {"title": "No signal", "body": "The lights blink.", "product_id": product["id"]}
    anns = _created(ann, "/api/tickets", ticket)
    bobs = _created(bob, "/api/tickets", ticket)
    assert bob.get(f"/api/tickets/{anns['id']}").status_code == 404

    # Create: ann's ticket and a ticket id that was never used get the same answer.
    comment = {"body": "Me too!"}
    hidden = bob.post("/api/comments", json=comment | {"ticket_id": anns["id"]})
    missing = bob.post("/api/comments", json=comment | {"ticket_id": MISSING})
    _same_answer(hidden, missing, "ticket_id")
    assert "no ticket with this id" in hidden.text

    # Update: moving bob's comment under ann's ticket is refused the same way, and the
    # comment stays where it was.
    mine = _created(bob, "/api/comments", comment | {"ticket_id": bobs["id"]})
    url = f"/api/comments/{mine['id']}"
    hidden = bob.patch(url, json={"ticket_id": anns["id"]})
    missing = bob.patch(url, json={"ticket_id": MISSING})
    _same_answer(hidden, missing, "ticket_id")
    assert bob.get(url).json()["ticket_id"] == bobs["id"]
    assert ann.get(f"/api/comments?ticket_id={anns['id']}").json()["count"] == 0

    # An unchanged reference is not checked again, and a readable one is accepted.
    assert bob.patch(url, json={"ticket_id": bobs["id"], "body": "Fixed."}).status_code == 200


def test_a_ticket_cannot_be_handed_to_another_user(helpdesk: App) -> None:
    """`User` references: the owner field cannot be sent, and `assignee` takes agents only."""
    admin = httpx.Client(base_url=helpdesk.base_url, headers=helpdesk.headers, timeout=10)
    product = _created(
        admin, "/api/products", {"name": "Modem", "code": "MDM", "support_email": "m@x.org"}
    )
    cat, dan = _customer(helpdesk, "cat"), _customer(helpdesk, "dan")
    dans_id = dan.get("/api/auth/me").json()["id"]
    ticket = {"title": "Slow line", "body": "Pages take ages.", "product_id": product["id"]}
    cats = _created(cat, "/api/tickets", ticket | {"opened_by_id": dans_id})
    assert cats["opened_by_id"] != dans_id, "the owner is the current user, whatever is sent"
    url = f"/api/tickets/{cats['id']}"
    cat.patch(url, json={"opened_by_id": dans_id})
    assert cat.get(url).json()["opened_by_id"] == cats["opened_by_id"]
    assert dan.get(url).status_code == 404
    refused = cat.patch(url, json={"assignee_id": dans_id})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "assignee_id"
    assert cat.get(url).json()["assignee_id"] is None
    tag = _created(admin, "/api/tags", {"name": "slow"})
    hidden_tags = cat.patch(url, json={"tags": [tag["id"], MISSING]})
    assert hidden_tags.status_code == 422 and "no tag with this id" in hidden_tags.text
    assert cat.get(url).json()["tags"] == []


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[App, Path]]:
    tmp = tmp_path_factory.mktemp("inventory-refs")
    example = ROOT / "examples" / "inventory"
    with running_app(example, tmp, admin_role="manager") as app:
        yield app, tmp


def _clerk(app: App, tmp: Path, name: str) -> httpx.Client:
    assert app.app_dir is not None
    command = [sys.executable, "-m", "app.cli", "create-user", f"{name}@example.com", name, "clerk"]
    env = app_env(app.database_url, tmp / "data") | {"PASSWORD": PASSWORD}
    subprocess.run(command, cwd=app.app_dir, env=env, check=True, capture_output=True)
    return _signed_in(app, f"{name}@example.com")


def _order(client: httpx.Client, number: str) -> dict[str, object]:
    body = {
        "number": number,
        "customer_name": "Acme",
        "customer_email": "buyer@acme.example",
        "ship_to": "1 Road, Town",
    }
    return _created(client, "/api/sales-orders", body)


def test_a_clerk_cannot_move_a_line_to_another_clerks_order(
    inventory: tuple[App, Path],
) -> None:
    app, tmp = inventory
    manager = httpx.Client(base_url=app.base_url, headers=app.headers, timeout=10)
    supplier = _created(
        manager, "/api/suppliers", {"name": "Parts Ltd", "contact_email": "p@x.org"}
    )
    part = {"sku": "BLT-0001", "name": "Bolt", "supplier_id": supplier["id"]}
    product = _created(
        manager, "/api/products", part | {"unit_price": "1.00", "cost_price": "0.50"}
    )
    _created(manager, "/api/stock-moves", {"product_id": product["id"], "quantity": 20})
    eve, fay = _clerk(app, tmp, "eve"), _clerk(app, tmp, "fay")
    eves, fays = _order(eve, "SO-00001"), _order(fay, "SO-00002")
    line = {"product_id": product["id"], "quantity": 1, "unit_price": "1.00"}
    mine = _created(eve, "/api/order-lines", line | {"sales_order_id": eves["id"]})
    url = f"/api/order-lines/{mine['id']}"
    refused = eve.patch(url, json={"sales_order_id": fays["id"]})
    assert refused.status_code == 403, refused.text
    assert eve.get(url).json()["sales_order_id"] == eves["id"]
    assert fay.get(f"/api/order-lines?sales_order_id={fays['id']}").json()["count"] == 0
    missing = eve.patch(url, json={"sales_order_id": MISSING})
    assert missing.status_code == 422, "a readable row may be named: 403, not the 422 of no row"
