"""A student enrols, studies two lessons, closes the browser, comes back, continues
where they left off, finishes the module, downloads the certificate, and anyone
can verify it."""

import pytest
from playwright.sync_api import expect

from progress.models import Certificate
from tests.factories import UserFactory, make_module

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def browser_locale():
    return "en-GB"


def sign_in(page, base, username):
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Sign in").click()


def mark_complete(page):
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("Lesson completed.")).to_be_visible()


def test_student_finishes_a_module_across_two_visits_and_verifies_the_certificate(browser, site, tmp_path, screenshot):
    base = site["url"]
    UserFactory(username="lucia", display_name="Lucía Mamani")
    module = make_module(site["catalog"]["en"], title="Water and mining", slug="water", lessons=3)

    first_visit = browser.new_context(locale="en-GB")
    page = first_visit.new_page()
    sign_in(page, base, "lucia")
    page.goto(base + module.url)
    page.get_by_role("button", name="Enrol in this module").click()
    expect(page.get_by_text("You are enrolled in")).to_be_visible()
    for title in ("Lección 1", "Lección 2"):
        page.goto(base + module.url)
        page.get_by_role("link", name=title).first.click()
        mark_complete(page)
    first_visit.close()  # the student closes the browser

    second_visit = browser.new_context(locale="en-GB", accept_downloads=True)
    page = second_visit.new_page()
    sign_in(page, base, "lucia")
    page.goto(base + "/en/")
    continue_panel = page.get_by_role("region", name="Continue where you left off")
    continue_panel.get_by_role("link", name="Lección 3").click()
    mark_complete(page)

    page.goto(base + "/en/learning/")
    screenshot(page, "my-learning-en")
    page.get_by_role("link", name="Water and mining").last.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as an image (PNG)").click()
    path = tmp_path / "certificate.png"
    download.value.save_as(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    certificate = Certificate.objects.get(user__username="lucia")
    anonymous = browser.new_context(locale="en-GB").new_page()
    anonymous.goto(base + f"/en/verify/{certificate.verification_key}/")
    expect(anonymous.get_by_text("This certificate is valid.")).to_be_visible()
    expect(anonymous.get_by_text("Lucía Mamani")).to_be_visible()
    second_visit.close()
