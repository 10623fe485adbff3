"""A real Chromium driven by Playwright, for tests that use the web UI like a person.

`browser` (session scope) launches Debian's Chromium at `/usr/bin/chromium` through
Playwright's sync API, headless. When Chromium is missing it is installed first with
`apt-get install -y chromium` (and `apt-get update` then a retry if that fails), only
when running as root and apt-get exists. Playwright's own browser download
(`playwright install`) is never used. When the `playwright` package or Chromium cannot
be had, the tests using it are skipped with the reason.

`new_context` (function scope) makes fresh browser contexts: each one is a separate
profile (its own cookies and storage, like another person's browser); they are all
closed when the test ends. `artifacts_dir()` is where tests save screenshots:
`$SPECC_ARTIFACTS`, or `build/artifacts/` under the repository.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support import apt

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 10_000  # for every Playwright action and expectation
REPO = Path(__file__).resolve().parents[2]


def artifacts_dir() -> Path:
    """Where tests save what a person should look at (screenshots); created if missing."""
    directory = Path(os.environ.get("SPECC_ARTIFACTS") or REPO / "build" / "artifacts")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def install_chromium() -> str | None:
    """Installs Debian's Chromium with apt-get; returns why it could not, or None."""
    if (reason := apt.install("chromium")) is not None:
        return f"{CHROMIUM} is missing: {reason}"
    if not CHROMIUM.exists():
        return f"`apt-get install -y chromium` did not provide {CHROMIUM}"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("the Python package `playwright` is not installed")
    if not CHROMIUM.exists() and (reason := install_chromium()) is not None:
        pytest.skip(reason)
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
        except Error as error:
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {error}")
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[[], BrowserContext]]:
    """Makes fresh browser contexts (separate cookies and storage), closed after the test."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
