"""Debian's headless Chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole session; each test opens fresh contexts (cookies, viewport, locale)
through the `new_page` factory. Every test here is marked `browser`.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import require

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TIMEOUT_MS = 10_000
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    # The narrowest phone the issue 16 audit used, and a common laptop.
    "phone360": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "laptop": {"viewport": {"width": 1366, "height": 768}},
}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The live server needs committed data. Serialized rollback reloads what the migrations
    # created (the "Government staff" group) at the start of each test, since the flush after a
    # transactional test removes it.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        require(False, "Debian's chromium is not installed")
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API keeps an event loop running in the main thread, where the tests
    # also use the ORM; Django would refuse that. It stays set for the rest of the session,
    # because the loop does too.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With a running loop, Django keeps the main thread's connections in a context variable
    # instead of the thread-local: new connection objects, which lack the copy of the migrated
    # data that serialized rollback restores. Hence the database is set up first, then that
    # copy handed over.
    serialized = {
        alias: connections[alias].__dict__.get("_test_serialized_contents") for alias in connections
    }
    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    for alias, contents in serialized.items():
        if contents is not None:
            connections[alias]._test_serialized_contents = contents
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """Open a page in a fresh context: `new_page(viewport="phone", locale="vi-VN")`.

    The browser locale sets Accept-Language. Relative URLs go to the live server. JavaScript
    errors on any page fail the test. Other keywords go to Playwright's `new_context`
    (`java_script_enabled=False`, for one).
    """
    contexts = []
    errors: list[str] = []

    def open_page(*, viewport: str = "desktop", locale: str = "en-US", **options):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, **VIEWPORTS[viewport], **options
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def screenshot() -> Callable:
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
