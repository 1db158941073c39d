"""Study without a connection (issue #20): a learner takes a module offline in the installable web app,
reads it with the browser offline, and what they did offline counts once when they are back online."""

import pytest
from playwright.sync_api import expect

from lessons.models import LessonPage
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


def take_offline(page, base, module):
    page.goto(base + module.url)
    panel = page.get_by_role("region", name="Available offline")
    expect(panel.get_by_text("to download")).to_be_visible()  # the estimate, before anything is stored
    panel.get_by_role("button", name="Make available offline").click()
    expect(panel.get_by_role("status")).to_have_text("Done: this module is available offline.", timeout=30_000)
    return panel


def stored_urls(page):
    return page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
        }
        return urls;
    }""")


def test_a_module_taken_offline_reads_and_navigates_offline_and_says_so(context, page, site):
    base = site["url"]
    UserFactory(username="lucia")
    module = make_module(site["catalog"]["en"], title="Water and mining", slug="water", lessons=3)
    sign_in(page, base, "lucia")
    page.goto(base + module.url)
    assert page.evaluate("navigator.serviceWorker.getRegistration()") is None  # nothing until asked
    panel = take_offline(page, base, module)
    expect(panel.get_by_role("button", name="Remove from this device")).to_be_visible()
    expect(panel.get_by_text("Stored on this device")).to_be_visible()
    lessons = list(LessonPage.objects.child_of(module).order_by("path"))
    assert {module.url, *(lesson.url for lesson in lessons)} <= set(stored_urls(page))

    context.set_offline(True)
    page.goto(base + module.url)
    banner = page.get_by_role("status").filter(has_text="You are offline")
    expect(banner).to_be_visible()
    page.get_by_role("link", name=lessons[0].title).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(lessons[0].title)
    expect(banner).to_be_visible()
    page.get_by_role("link", name="Next lesson").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(lessons[1].title)
    expect(banner).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"  # the stored CSS
    context.set_offline(False)

    page.goto(base + module.url)
    expect(banner).to_be_hidden()
    page.get_by_role("region", name="Available offline").get_by_role("button", name="Remove from this device").click()
    expect(page.get_by_role("region", name="Available offline").get_by_role("status")).to_have_text("Removed from this device.")
    assert stored_urls(page) == []


def stored_revision(page):
    return page.evaluate("""() => new Promise(resolve => {
        indexedDB.open("alma-offline").onsuccess = event => {
            event.target.result.transaction("modules").objectStore("modules").getAll().onsuccess =
                e => resolve(e.target.result.map(m => m.revision));
        };
    })""")


def test_a_stored_module_is_updated_when_a_newer_revision_is_published(page, site, context):
    base = site["url"]
    module = make_module(site["catalog"]["en"], title="Water and mining", slug="water", lessons=2)
    take_offline(page, base, module)  # an anonymous visitor may store a module too: its reading, not its quizzes
    [first] = stored_revision(page)
    lesson = LessonPage.objects.child_of(module).first().specific
    lesson.body = [{"type": "markdown", "value": "Los relaves **espesados** ahorran agua."}]
    lesson.save_revision().publish()

    page.goto(base + module.url)
    panel = page.get_by_role("region", name="Available offline")
    expect(panel.get_by_role("status")).to_have_text("Done: this module is available offline.", timeout=30_000)
    [second] = stored_revision(page)
    assert second != first
    names = page.evaluate("caches.keys()")
    assert names == [f"alma-offline-{module.pk}-en-{second}"]  # the older copy is gone

    context.set_offline(True)
    page.goto(base + lesson.url)
    expect(page.locator(".lesson-body")).to_contain_text("Los relaves espesados ahorran agua.")
