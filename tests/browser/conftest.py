"""Real Chromium through Playwright's sync API, against pytest-django's live server.

Never downloads a browser: the system's /usr/bin/chromium is used, and the tests are skipped
when it is missing (failed on CI, which installs it).
"""

import os
from pathlib import Path

import pytest

# The sync API runs an event loop in this thread; Django's database calls from the test body
# (factories) would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"{CHROMIUM} is missing: CI must install Chromium (apt-get install chromium)."
            )
        pytest.skip(f"{CHROMIUM} is missing: install Chromium to run the browser tests.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh desktop-sized tab; `page.goto("/fr/...")` is relative to the live server."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="fr-CA"
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
