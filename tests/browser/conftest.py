"""Browser tests: Playwright (sync API) driving Debian's Chromium against
pytest-django's ``live_server``.

* Chromium is ``/usr/bin/chromium`` (``scripts/ensure-chromium`` installs it in
  ``make test``); when it is missing every browser test is skipped with the reason.
* ``live_server`` means a *transactional* database: each test starts from the
  migrated schema and is flushed afterwards, so the ``site`` fixture rebuilds the
  page tree (root page, locales, homes and catalogues) for every test.
* Every test module here sets
  ``pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]``
  (``make test`` runs ``pytest -n 2 --dist loadgroup``): one worker, one
  Chromium, one live server.
* ``screenshot(page, name)`` saves ``artifacts/screenshots/<name>-phone.png``
  (390x844) and ``<name>-desktop.png`` (1280x900) for a human to look at.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API keeps an event loop running in this thread; Django's ORM
# would otherwise refuse to run from the test body.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
TIMEOUT_MS = 15_000


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time, and none between tests.

    On SQLite the test database is in memory, and Django gives every request thread
    the test's one connection: a page's autosave and the next navigation running at
    once failed with "database table is locked". Sockets are still read in threads,
    so Chromium's idle keep-alive connections do not hold anything up.

    A request that arrives after its test (a reading beacon sent as the tab closes)
    would write while the database is flushed for the next test: the flush then failed
    on a foreign key. ``close_between_tests`` waits for the request in hand and answers
    any later one 503 until the next test opens the server again."""

    lock = threading.Lock()
    serving = True

    def set_app(self, application):
        server = type(self)

        def one_at_a_time(environ, start_response):
            with server.lock:
                if not server.serving:
                    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                    return [b"between tests"]
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(one_at_a_time)

    @classmethod
    def close_between_tests(cls):
        with cls.lock:
            cls.serving = False


LiveServerThread.server_class = OneRequestAtATimeServer


def pytest_configure(config):
    # pytest-xdist registers this marker; declare it too so that the browser
    # tests also run with ``-p no:xdist`` under --strict-markers.
    config.addinivalue_line("markers", "xdist_group(name): run every test of the group on one xdist worker")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)  # a busy machine (make test runs two workers) is slow
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (scripts/ensure-chromium) to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_locale():
    """The browser's language (Accept-Language); override it in a test module."""
    return "es-ES"


@pytest.fixture
def context(browser, browser_locale):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale=browser_locale)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A fresh browser tab that fails the test on a JavaScript error."""
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def site(live_server, transactional_db):
    """The page tree of a fresh install on the (just flushed) live-server database."""
    from wagtail.models import Locale, Page

    from curriculum.models import CatalogPage, HomePage
    from curriculum.site_setup import setup_site

    # The flush after the previous transactional test removed the root page and
    # the locale that Wagtail's migrations create.
    if not Page.objects.filter(depth=1).exists():
        default, _ = Locale.objects.get_or_create(language_code="es")
        Page.add_root(instance=Page(title="Root", slug="root", locale=default))
    setup_site()
    OneRequestAtATimeServer.serving = True
    yield {
        "url": live_server.url,
        "home": {h.locale.language_code: h for h in HomePage.objects.select_related("locale")},
        "catalog": {c.locale.language_code: c for c in CatalogPage.objects.select_related("locale")},
    }
    OneRequestAtATimeServer.close_between_tests()  # before the flush: this fixture needs the database


@pytest.fixture
def screenshot():
    """``screenshot(page, name)``: full-page PNGs at phone and desktop widths."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
        original = page.viewport_size
        paths = []
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            path = SCREENSHOT_DIR / f"{slug}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        if original:
            page.set_viewport_size(original)
        return paths

    return take


@pytest.fixture(autouse=True)
def reading_time_not_required(settings):
    """Journeys mark lessons complete at once: nothing records reading time in a browser
    that does not wait. The journeys that check "real reading" set this themselves."""
    settings.ALMA_LESSON_MIN_READING_SECONDS = 0
