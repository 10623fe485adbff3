"""The generated UI's related rows, role-aware actions, feedback and error pages, in Chromium.

Two example apps are served for real (`tests.support.app_server`) and used only
through their pages, as people would:

- helpdesk: a customer files a ticket (a flash confirms it), adds a comment with
  the form on the ticket's page (sent empty first: the full form shows the
  message and keeps the ticket fixed; then listed there, with its body), and
  sees no lifecycle button; an agent sees "Set pending" and "Close" and closes the
  ticket; the customer then sees "Reopen"; an admin's refused delete of the product
  says that a ticket still refers to it; a malformed and an unknown address show
  HTML error pages with a way back.
- bookings: a member books a space with the form on the space's page, sees only
  "Cancel" on the booking; the manager sees "Confirm" and confirms it.

Every page type visited is checked with axe-core (`axe-playwright-python`, which
bundles it) for 0 violations, and screenshots at desktop (1280×900) and phone
(390×844) sizes are saved in `$SPECC_ARTIFACTS` (default `build/artifacts/ui/`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.app_server import ADMIN_EMAIL, ADMIN_PASSWORD, App, app_env, running_app
from tests.support.browser import REPO

pytest.importorskip("playwright", reason="the Python package `playwright` is not installed")
pytest.importorskip(
    "axe_playwright_python",
    reason="the Python package `axe-playwright-python` (axe-core) is not installed",
)

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

EXAMPLES = REPO / "examples"
PASSWORD = "a long enough password"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def artifacts() -> Path:
    directory = Path(os.environ.get("SPECC_ARTIFACTS") or REPO / "build" / "artifacts" / "ui")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def look(page: Page, name: str) -> None:
    """axe-core finds no violation on the page; screenshots of it at both sizes."""
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(artifacts() / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(SIZES["desktop"])


def create_user(app: App, data_dir: Path, email: str, role: str) -> None:
    assert app.app_dir is not None
    env = app_env(app.database_url, data_dir) | {"PASSWORD": PASSWORD}
    command = [sys.executable, "-m", "app.cli", "create-user", email, role.capitalize(), role]
    subprocess.run(command, cwd=app.app_dir, env=env, check=True, capture_output=True, timeout=60)


def sign_in(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_up(page: Page, base: str, name: str, email: str) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def flash(page: Page) -> str:
    return page.get_by_role("status").inner_text()


def api_post(app: App, path: str, body: dict) -> dict:
    response = httpx.post(f"{app.base_url}{path}", json=body, headers=app.headers, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture(scope="module")
def helpdesk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[App, Path]]:
    tmp = tmp_path_factory.mktemp("helpdesk-ui")
    with running_app(EXAMPLES / "helpdesk", tmp) as app:
        product = {"name": "Widget", "code": "WID", "support_email": "help@example.com"}
        api_post(app, "/api/products", product)
        create_user(app, tmp / "data", "agent@example.com", "agent")
        yield app, tmp


@pytest.fixture(scope="module")
def bookings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("bookings-ui")
    with running_app(EXAMPLES / "bookings", tmp, admin_role="manager") as app:
        site = api_post(
            app, "/api/sites", {"name": "Riverside", "address": "1 River Rd", "email": "a@b.co"}
        )
        space = {"name": "Studio One", "code": "ST01", "site_id": site["id"], "capacity": 6}
        api_post(app, "/api/spaces", space)
        yield app


def test_helpdesk_ticket_page_comments_buttons_and_feedback(
    new_context: Callable[[], BrowserContext],
    helpdesk: tuple[App, Path],
) -> None:
    app, _ = helpdesk
    base = app.base_url
    customer = new_context().new_page()
    sign_up(customer, base, "Ada Customer", "ada@example.com")

    # A new ticket: the flash says so; the customer may make no move on an open ticket.
    customer.goto(f"{base}/tickets/new")
    customer.get_by_label("Title").fill("Printer on fire")
    customer.get_by_label("Body").fill("It burns.")
    customer.get_by_label("Product").select_option(label="Widget")
    look(customer, "ticket-form")
    customer.get_by_role("button", name="Create ticket").click()
    expect(customer.get_by_role("status")).to_have_text("Ticket “Printer on fire” created.")
    ticket_url = customer.url
    expect(customer.locator(".transitions")).to_have_count(0)

    # A comment through the form on the ticket's page: listed there with its body.
    comments = customer.get_by_role("region", name=re.compile("^Comments"))
    expect(comments).to_contain_text("None yet.")
    expect(comments.get_by_label("Ticket")).to_have_count(0)  # the reference is fixed
    comments.get_by_role("button", name="Add comment").click()  # empty: refused, in full
    expect(customer.get_by_role("heading", level=1)).to_have_text("New comment")
    expect(customer.get_by_role("alert")).to_contain_text("Body is required.")
    expect(customer.locator(".field-fixed")).to_contain_text("Printer on fire")
    expect(customer.get_by_label("Ticket")).to_have_count(0)  # still fixed, not a picker
    look(customer, "comment-form-error")
    customer.get_by_label("Body").fill("Smoke is coming out of the tray.")
    customer.get_by_role("button", name="Create comment").click()
    expect(customer).to_have_url(re.compile(rf"{re.escape(ticket_url)}#related-comments-"))
    expect(customer.get_by_role("status")).to_contain_text("Comment “Smoke is coming out")
    expect(comments.get_by_role("table")).to_contain_text("Smoke is coming out of the tray.")
    expect(comments.get_by_role("heading")).to_have_text("Comments (1)")
    look(customer, "ticket-detail-customer")

    # The agent may set it pending or close it, and closes it.
    agent = new_context().new_page()
    sign_in(agent, base, "agent@example.com")
    agent.goto(ticket_url)
    moves = agent.get_by_role("region", name="Change state").get_by_role("button")
    expect(moves).to_have_text(["Close", "Set pending"])
    actions = agent.get_by_role("region", name="Actions").get_by_role("button")
    expect(actions).to_have_text(["Escalate"])  # a normal, open ticket may be escalated
    expect(agent.get_by_role("region", name=re.compile("^Comments"))).to_contain_text(
        "Smoke is coming out of the tray."
    )
    look(agent, "ticket-detail-agent")
    agent.get_by_role("button", name="Close").click()
    expect(agent.get_by_role("status")).to_have_text("Ticket “Printer on fire” is now closed.")

    # The customer may now reopen it, and nothing else: escalating is for agents and admins.
    customer.goto(ticket_url)
    expect(customer.locator(".transitions").get_by_role("button")).to_have_text(["Reopen"])
    expect(customer.get_by_role("region", name="Actions")).to_have_count(0)

    # Errors: HTML pages with a way back.
    response = customer.goto(f"{base}/tickets/abc")
    assert response is not None and response.status == 422
    expect(customer.get_by_role("heading", level=1)).to_have_text("Not valid")
    expect(customer.get_by_role("link", name="Back to tickets")).to_be_visible()
    look(customer, "error-422")
    response = customer.goto(f"{base}/no-such-page")
    assert response is not None and response.status == 404
    expect(customer.get_by_text("There is no page at this address.")).to_be_visible()


def test_helpdesk_refused_delete_says_what_still_refers_here(
    new_context: Callable[[], BrowserContext],
    helpdesk: tuple[App, Path],
) -> None:
    app, _ = helpdesk
    page = new_context().new_page()
    sign_in(page, app.base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto(f"{app.base_url}/products")
    page.get_by_role("link", name="Widget").click()
    tickets = page.get_by_role("region", name=re.compile("^Tickets"))
    expect(tickets.get_by_role("link", name="Printer on fire")).to_be_visible()
    look(page, "product-detail-admin")
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name=re.compile("^Delete")).click()
    expect(page.get_by_text("1 ticket still refers to this product.")).to_be_visible()
    look(page, "delete-refused")


def test_bookings_space_page_books_and_buttons_follow_the_role(
    new_context: Callable[[], BrowserContext],
    bookings: App,
) -> None:
    base = bookings.base_url
    member = new_context().new_page()
    sign_up(member, base, "Mia Member", "mia@example.com")
    member.goto(f"{base}/spaces")
    member.get_by_role("link", name="Studio One").click()
    section = member.get_by_role("region", name=re.compile("^Bookings"))
    section.get_by_label("Title").fill("Band practice")
    section.get_by_label("Day").fill("2099-05-04")
    section.get_by_label("Start hour").fill("10")
    section.get_by_role("button", name="Add booking").click()
    expect(member.get_by_role("status")).to_have_text("Booking “Band practice” created.")
    expect(section.get_by_role("link", name="Band practice")).to_be_visible()
    look(member, "space-detail-member")

    section.get_by_role("link", name="Band practice").click()
    expect(member.locator(".transitions").get_by_role("button")).to_have_text(["Cancel"])
    booking_url = member.url
    look(member, "booking-detail-member")

    manager = new_context().new_page()
    sign_in(manager, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    manager.goto(booking_url)
    expect(manager.locator(".transitions").get_by_role("button")).to_have_text(
        ["Cancel", "Confirm"]
    )
    manager.get_by_role("button", name="Confirm").click()
    expect(manager.get_by_role("status")).to_have_text("Booking “Band practice” is now confirmed.")
    look(manager, "booking-detail-manager")
