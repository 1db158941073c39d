"""An offline bundle (manage.py export_offline) read in Chromium from file://, as from a USB stick: from the
language page to a module, two lessons, the search page, the glossary and the other language, with no request
to any server and no serious or critical axe violation on any page."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.test_accessibility import serious_violations
from tests.lessons.offline_world import make_offline_module

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def bundle(site_pages, tmp_path):
    make_offline_module(site_pages["catalog"])
    folder = tmp_path / "usb"
    call_command("export_offline", "cobre-offline", "--output", str(folder), "--languages", "es,en")
    return folder


def test_a_bundle_opens_and_navigates_from_file_with_no_request_to_a_server(page, context, bundle, screenshot):
    requested, web = [], []

    def record(route):
        requested.append(route.request.url)
        if route.request.url.startswith(("http://", "https://")):
            web.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", record)
    violations = {}

    def check(name):
        expect(page.locator("main h1")).to_be_visible()
        found = serious_violations(page)
        if found:
            violations[name] = found

    page.goto((bundle / "index.html").as_uri())
    check("languages")
    page.locator("#main").get_by_role("link", name="Español").click()
    expect(page).to_have_url((bundle / "es" / "index.html").as_uri())
    check("index")
    page.get_by_role("link", name="Cobre (es)").click()
    expect(page.locator("h1")).to_have_text("Cobre (es)")
    check("module")
    page.get_by_role("link", name="Lección 1").first.click()
    expect(page.locator("h1")).to_contain_text("Lección 1")
    expect(page.locator(".chart-block svg[role=img]")).to_be_visible()
    image = page.locator("figure.figure img")
    expect(image).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth", image.element_handle()) == 480
    assert page.evaluate("() => document.querySelector('.icon use').getBBox().width") > 0  # icons drawn from file://
    check("lesson-1")
    screenshot(page, "offline-bundle-lesson-es")
    page.locator("a[rel=next]").click()
    expect(page.locator("h1")).to_contain_text("Lección 2")
    check("lesson-2")

    page.locator("#site-nav").get_by_role("link", name="Buscar").click()
    page.get_by_label("Palabras que buscar").fill("flotacion cobre")
    page.get_by_role("button", name="Buscar").click()
    results = page.locator("[data-results-list] li")
    expect(results.first).to_be_visible()
    expect(page.locator("[data-results-list]")).to_contain_text("Lección 1")
    expect(page.locator("[data-results-list]")).to_contain_text("Flotación")  # the glossary term
    check("search")
    page.locator("[data-results-list]").get_by_role("link", name="Lección 1").click()
    expect(page.locator("h1")).to_contain_text("Lección 1")

    page.locator(".lang-switcher").get_by_role("link", name="English").click()
    expect(page).to_have_url((bundle / "en" / "cobre-offline" / "leccion-1.html").as_uri())
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".lesson-body")).to_contain_text("Flotation separates copper")
    page.locator("#site-nav").get_by_role("link", name="Glossary").click()
    expect(page.locator("#term-flotacion")).to_contain_text("Flotation")
    check("glossary-en")

    assert not web, f"requests to a server: {web}"
    assert requested and all(url.startswith("file://") for url in requested)
    assert not violations, violations
