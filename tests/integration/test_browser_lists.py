"""The generated UI's lists, help, local time, money, phone layout and accounts, in Chromium.

- helpdesk: an admin filters the tickets by priority (only the matching rows
  remain, the filter stays chosen), sorts by priority (declared order: low,
  normal, high), sees times in the spec's zone (Europe/Amsterdam: CET/CEST),
  and opens the help page from the navigation ("How a ticket moves"); at
  390×844 the list is cards, nothing scrolls sideways and the first row is on
  the first screen.
- bookings: money in the spec's currency (GBP: "£12.50") on a space's page.
- helpdesk: the password page refuses a wrong current password; the admin
  creates a user, changes its role and deactivates it on the users page.

axe-core finds 0 violations on each page type; screenshots at desktop and phone
sizes go to `$SPECC_ARTIFACTS` (default `build/artifacts/ui/`), as in
test_browser_ui.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from tests.support.app_server import ADMIN_EMAIL, ADMIN_PASSWORD, App, running_app

pytest.importorskip("playwright", reason="the Python package `playwright` is not installed")
pytest.importorskip(
    "axe_playwright_python",
    reason="the Python package `axe-playwright-python` (axe-core) is not installed",
)

from playwright.sync_api import BrowserContext, Page, expect

from tests.integration.test_browser_ui import EXAMPLES, SIZES, api_post, artifacts, look, sign_in


@pytest.fixture(scope="module")
def helpdesk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("helpdesk-lists")
    with running_app(EXAMPLES / "helpdesk", tmp) as app:
        product = {"name": "Widget", "code": "WID", "support_email": "help@example.com"}
        product_id = api_post(app, "/api/products", product)["id"]
        for title, priority in (
            ("Printer is high", "high"),
            ("Mouse is low", "low"),
            ("Screen is normal", "normal"),
        ):
            body = {
                "title": title,
                "body": "Broken.",
                "product_id": product_id,
                "priority": priority,
            }
            api_post(app, "/api/tickets", body)
        yield app


def row_titles(page: Page) -> list[str]:
    return page.locator("tbody th").all_inner_texts()


def test_helpdesk_ticket_list_filters_sorts_and_fits_a_phone(
    new_context: Callable[[], BrowserContext], helpdesk: App
) -> None:
    base = helpdesk.base_url
    page = new_context().new_page()
    sign_in(page, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto(f"{base}/tickets")
    expect(page.locator("tbody tr")).to_have_count(3)

    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Priority").select_option("high")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"priority=high"))
    assert row_titles(page) == ["Printer is high"]
    expect(page.get_by_label("Priority")).to_have_value("high")
    look(page, "ticket-list-filtered")
    page.get_by_role("link", name="Clear search and filters").click()

    page.get_by_role("link", name=re.compile("^Priority")).click()
    assert row_titles(page) == ["Mouse is low", "Screen is normal", "Printer is high"]
    look(page, "ticket-list-sorted")

    # Times in the spec's zone.
    page.get_by_role("link", name="Printer is high").click()
    created = page.locator(".details > div", has_text="Created")
    expect(created).to_contain_text(re.compile(r"\d{1,2} \w{3} \d{4}, \d\d:\d\d CES?T"))

    # A phone: cards, no sideways scrolling, the first row on the first screen.
    page.set_viewport_size(SIZES["phone"])
    page.goto(f"{base}/tickets")
    first_row = page.locator("tbody tr").first
    box = first_row.bounding_box()
    assert box is not None and box["y"] < SIZES["phone"]["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]
    assert page.locator("thead").evaluate("e => getComputedStyle(e).position") == "absolute"
    page.screenshot(path=str(artifacts() / "ticket-list-phone-first-screen.png"))


def test_helpdesk_help_page_from_the_navigation(
    new_context: Callable[[], BrowserContext], helpdesk: App
) -> None:
    page = new_context().new_page()
    sign_in(page, helpdesk.base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Help").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(["How a ticket moves"])
    expect(page.get_by_text("A ticket starts open.", exact=False)).to_be_visible()
    expect(page.get_by_text("Tone for generated help pages")).to_have_count(0)
    look(page, "help")


def test_bookings_money_in_the_spec_currency(
    new_context: Callable[[], BrowserContext], tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("bookings-money")
    with running_app(EXAMPLES / "bookings", tmp, admin_role="manager") as app:
        site = api_post(
            app, "/api/sites", {"name": "Riverside", "address": "1 River Rd", "email": "a@b.co"}
        )
        space = {
            "name": "Studio One",
            "code": "ST01",
            "site_id": site["id"],
            "capacity": 6,
            "hourly_rate": "12.50",
        }
        api_post(app, "/api/spaces", space)
        page = new_context().new_page()
        sign_in(page, app.base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
        page.goto(f"{app.base_url}/spaces")
        page.get_by_role("link", name="Studio One").click()
        expect(page.locator(".details > div", has_text="Hourly rate")).to_contain_text("£12.50")
        look(page, "space-detail-money")
        page.goto(f"{app.base_url}/spaces")
        look(page, "space-list")


def test_helpdesk_password_change_page(
    new_context: Callable[[], BrowserContext], helpdesk: App
) -> None:
    page = new_context().new_page()
    sign_in(page, helpdesk.base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.get_by_role("link", name="Password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    look(page, "password-form")
    page.get_by_label("Current password").fill("not the password")
    page.get_by_label("New password").fill("another long enough phrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_contain_text("not the password of this account")
    look(page, "password-form-error")


def test_helpdesk_admin_manages_users(
    new_context: Callable[[], BrowserContext], helpdesk: App
) -> None:
    page = new_context().new_page()
    sign_in(page, helpdesk.base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    page.get_by_role("link", name="New user").click()
    page.get_by_label("Name").fill("Alan Agent")
    page.get_by_label("Email").fill("alan@example.com")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_label("Role").select_option("agent")
    look(page, "user-form")
    page.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("status")).to_have_text("Account of Alan Agent created.")
    page.get_by_label("Role of Alan Agent", exact=True).select_option("admin")
    page.get_by_role("button", name="Save the role of Alan Agent").click()
    expect(page.get_by_role("status")).to_have_text("Alan Agent is now admin.")
    page.get_by_role("button", name="Deactivate Alan Agent").click()
    expect(page.get_by_role("status")).to_have_text("Alan Agent is deactivated.")
    look(page, "users")
