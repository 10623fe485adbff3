"""Front matter → `App`: names, roles, sign-up role and settings with their defaults."""

from __future__ import annotations

from compiler.ir.model import Settings
from compiler.ir.span import Span
from tests.front.helpers import analyse, build, codes_of, spec_text

ACCESS_3 = """### Access

| Role    | create | read | update | delete |
|---------|--------|------|--------|--------|
| viewer  | no     | all  | no     | no     |
| clerk   | yes    | all  | all    | no     |
| manager | yes    | all  | all    | all    |
"""

FULL = """---
app: stock_room
title: Stockroom
summary: Products and stock levels.
auth:
  roles: [viewer, clerk, manager]
  signup: viewer
settings:
  page_size: 50
  max_page_size: 200
  currency: EUR
  timezone: Europe/Berlin
---
"""

MINIMAL = """---
app: shop
title: Shop
auth:
  roles: [viewer, clerk, manager]
---
"""


def test_app_title_and_summary() -> None:
    app = build(spec_text(front=FULL, access=ACCESS_3)).app
    assert (app.name, app.title, app.summary) == (
        "stock_room",
        "Stockroom",
        "Products and stock levels.",
    )


def test_summary_defaults_to_empty() -> None:
    assert build(spec_text(front=MINIMAL, access=ACCESS_3)).app.summary == ""


def test_roles_in_order_with_spans() -> None:
    roles = build(spec_text(front=MINIMAL, access=ACCESS_3)).app.roles
    assert [r.name for r in roles] == ["viewer", "clerk", "manager"]
    # line 5 is `  roles: [viewer, clerk, manager]`
    assert roles[0].span == Span(5, 11, 5, 17)
    assert roles[1].span == Span(5, 19, 5, 24)
    assert roles[2].span == Span(5, 26, 5, 33)


def test_signup_role() -> None:
    assert build(spec_text(front=FULL, access=ACCESS_3)).app.signup_role == "viewer"


def test_no_signup_role_by_default() -> None:
    assert build(spec_text(front=MINIMAL, access=ACCESS_3)).app.signup_role is None


def test_signup_role_must_be_a_role() -> None:
    front = MINIMAL.replace("---\n", "---\n", 1).replace(
        "roles: [viewer, clerk, manager]\n", "roles: [viewer, clerk, manager]\n  signup: guest\n"
    )
    assert "E109" in codes_of(analyse(spec_text(front=front, access=ACCESS_3)))


def test_settings_defaults() -> None:
    settings = build(spec_text(front=MINIMAL, access=ACCESS_3)).app.settings
    assert settings == Settings(page_size=20, max_page_size=100, currency="USD", timezone="UTC")


def test_settings_overrides() -> None:
    settings = build(spec_text(front=FULL, access=ACCESS_3)).app.settings
    assert settings == Settings(
        page_size=50, max_page_size=200, currency="EUR", timezone="Europe/Berlin"
    )


def test_partial_settings_keep_other_defaults() -> None:
    front = MINIMAL.replace("auth:", "settings:\n  currency: GBP\nauth:")
    settings = build(spec_text(front=front, access=ACCESS_3)).app.settings
    assert settings == Settings(page_size=20, max_page_size=100, currency="GBP", timezone="UTC")


def test_app_span_is_the_front_matter() -> None:
    assert build(spec_text(front=MINIMAL, access=ACCESS_3)).app.span == Span(1, 1, 6, 4)


def test_unknown_key_is_e103() -> None:
    front = MINIMAL.replace("title: Shop\n", "title: Shop\ncolour: red\n")
    assert "E103" in codes_of(analyse(spec_text(front=front, access=ACCESS_3)))


def test_missing_title_is_e103() -> None:
    front = MINIMAL.replace("title: Shop\n", "")
    assert "E103" in codes_of(analyse(spec_text(front=front, access=ACCESS_3)))


def test_missing_front_matter_is_e101() -> None:
    text = spec_text(front="", access=ACCESS_3)
    assert "E101" in codes_of(analyse(text))
