"""Study without a connection (issue #20): a learner takes a module offline in the installable web app,
reads it with the browser offline, and what they did offline counts once when they are back online."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from lessons.models import LessonPage
from progress.models import LessonProgress, Statement, Verb
from quizzes.models import Attempt
from tests.factories import OutcomeFactory, UserFactory, locale, make_module
from tests.quizzes.conftest import make_question, make_quiz
from tests.teachers.conftest import make_teacher

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
    page.wait_for_load_state("networkidle")


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
    lesson = LessonPage.objects.child_of(module).first().specific
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + lesson.url)  # a visitor who never stored a module: no worker, no offline script
    assert page.evaluate("navigator.serviceWorker.getRegistration()") is None
    assert not [url for url in requested if "offline" in url or url.endswith("/sw.js")]
    take_offline(page, base, module)  # an anonymous visitor may store a module too: its reading, not its quizzes
    [first] = stored_revision(page)
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


def device_store(page):
    """Everything the device keeps: IndexedDB's stores and the text of every stored response."""
    return page.evaluate("""async () => {
        const db = await new Promise(resolve => { indexedDB.open("alma-offline").onsuccess = e => resolve(e.target.result); });
        const read = name => new Promise(resolve => {
            db.transaction(name).objectStore(name).getAll().onsuccess = e => resolve(e.target.result);
        });
        const stores = {};
        for (const name of db.objectStoreNames) stores[name] = await read(name);
        const responses = {};
        for (const cacheName of await caches.keys()) {
            const cache = await caches.open(cacheName);
            for (const request of await cache.keys()) {
                const response = await cache.match(request);
                const type = response.headers.get("Content-Type") || "";
                if (/html|json|javascript|css/.test(type)) responses[request.url] = await response.text();
            }
        }
        return {stores, responses};
    }""")


def post_sync(page, body):
    return page.evaluate("""async body => {
        const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
        const response = await fetch("/offline/sync/", {method: "POST", body, credentials: "same-origin",
            headers: {"Content-Type": "application/json", "X-CSRFToken": token}});
        return [response.status, await response.json()];
    }""", body)


def serious_violations(page):
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_offline_lessons_and_quiz_count_once_in_my_learning_and_the_class_report(browser, site, screenshot):
    from teachers.models import Assignment, Classroom, Membership

    base = site["url"]
    teacher_user = make_teacher(username="rojas", display_name="Profesora Rojas")
    learner = UserFactory(username="camila", display_name="Camila Flores")
    outcome = OutcomeFactory(code="CM-SEC-01", locale=locale("en"), statement="Explain where copper comes from.")
    module = make_module(site["catalog"]["en"], title="Water and mining", slug="water", lessons=3, outcomes=[outcome])
    questions = [make_question("truefalse", outcomes=[outcome], lang="en", prompt="Copper conducts electricity well."),
                 make_question("numeric", outcomes=[outcome], lang="en", prompt="80 000 t of ore at 0.6 % Cu: tonnes of Cu?"),
                 make_question("single", outcomes=[outcome], lang="en")]
    # The default review rules: right answers and feedback only after submission, so no key may reach the device.
    quiz = make_quiz(module, questions=questions, title="Water check", shuffle_questions=False)
    lessons = list(LessonPage.objects.child_of(module).order_by("path"))
    classroom = Classroom.objects.create(name="Copper 3B", level="secondary", language="en", owner=teacher_user)
    Membership.objects.create(classroom=classroom, student=learner)
    for page_ in (lessons[0], lessons[1], quiz):
        Assignment.objects.create(classroom=classroom, kind="quiz" if page_ == quiz else "lesson",
                                  target_key=page_.translation_key, title=page_.title)

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, "camila")
    take_offline(page, base, module)

    # Nothing on the device gives the answers away: the draw has no key, no fraction and no feedback.
    stored = device_store(page)
    [draw] = stored["stores"]["draws"]
    assert draw["data"]["key"] is None and len(draw["data"]["questions"]) == 3
    everything = json.dumps(stored)
    for secret in ("fraction", "Correcto: el cobre", "feedback_right", "Exacto: 80 000"):
        assert secret not in everything, f"{secret!r} is stored on the device"

    context.set_offline(True)
    page.goto(base + module.url)
    expect(page.get_by_role("status").filter(has_text="You are offline")).to_be_visible()
    page.get_by_role("link", name=lessons[0].title).first.click()
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("Completed on this device")).to_be_visible()
    page.get_by_role("link", name="Next lesson").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(lessons[1].title)
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("Completed on this device")).to_be_visible()

    page.goto(base + quiz.url)
    offline_quiz = page.get_by_role("region", name="Take this quiz offline")
    expect(offline_quiz).to_be_visible()
    expect(page.get_by_role("button", name="Start the quiz")).to_be_hidden()
    assert not serious_violations(page)
    screenshot(page, "offline-quiz-en")
    offline_quiz.get_by_role("group", name=re.compile("Question 1")).get_by_label("True").check()
    offline_quiz.get_by_label(re.compile(r"Your answer \(a number\)")).fill("480")
    offline_quiz.get_by_role("group", name=re.compile("Question 3")).get_by_label("Cobre").check()
    offline_quiz.get_by_role("button", name="Submit my answers").click()
    expect(offline_quiz.get_by_role("status")).to_have_text(re.compile("Your answers are kept on this device"))

    page.goto(base + module.url)
    waiting = page.get_by_role("region", name="Done on this device")
    expect(waiting.get_by_role("heading", name="Waiting to sync (3)")).to_be_visible()
    queue = device_store(page)["stores"]["queue"]
    body = json.dumps({"records": [entry["record"] for entry in queue]})
    assert Attempt.objects.filter(user=learner).count() == 0  # nothing reached the server while offline

    context.set_offline(False)
    page.goto(base + module.url)
    expect(waiting.get_by_role("heading", name="Synced (3)")).to_be_visible()
    expect(waiting.get_by_role("heading", name=re.compile("Waiting to sync"))).to_be_hidden()
    expect(waiting).to_contain_text("score: 100%")

    [attempt] = Attempt.objects.filter(user=learner, quiz=quiz)
    assert attempt.score == 1.0 and attempt.submitted_at is not None
    assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 2
    # Statements keep the time the learner acted on the device, not the time of the sync.
    acted = sorted(entry["record"]["acted_at"][:19] for entry in queue)
    recorded = Statement.objects.filter(user=learner, verb__in=[Verb.COMPLETED, Verb.PASSED])
    assert sorted(s.timestamp.strftime("%Y-%m-%dT%H:%M:%S") for s in recorded) == acted

    page.goto(base + "/en/learning/")
    expect(page.locator("label", has_text="2 of 3 lessons")).to_be_visible()
    expect(page.get_by_role("region", name="Done on this device")).to_contain_text("Water check")

    # The same sync sent again changes nothing: every record is a duplicate.
    counts = (Attempt.objects.count(), LessonProgress.objects.filter(completed_at__isnull=False).count(),
              Statement.objects.count())
    status, result = post_sync(page, body)
    assert status == 200 and result["accepted"] == [] and sorted(result["duplicates"]) == sorted(e["id"] for e in queue)
    assert counts == (Attempt.objects.count(), LessonProgress.objects.filter(completed_at__isnull=False).count(),
                      Statement.objects.count())

    teacher_context = browser.new_context(locale="en-GB")
    teacher = teacher_context.new_page()
    sign_in(teacher, base, "rojas")
    teacher.goto(f"{base}/en/classes/{classroom.pk}/report/")
    row = teacher.locator("table.report-grid tbody tr").filter(
        has=teacher.get_by_role("rowheader", name=re.compile("Camila Flores")))
    expect(row.locator(".status--done")).to_have_count(3)
    expect(row).to_contain_text("100%")
    teacher_context.close()
    context.close()
    assert not errors, errors


def test_a_record_the_server_refuses_stays_on_the_device_with_the_reason(browser, site):
    from offline import draws

    base = site["url"]
    learner = UserFactory(username="camila")
    module = make_module(site["catalog"]["en"], title="Water and mining", slug="water", lessons=1)
    quiz = make_quiz(module, questions=[make_question("truefalse", lang="en", prompt="Copper conducts electricity.")],
                     title="Water check")
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, base, "camila")
    take_offline(page, base, module)
    context.set_offline(True)
    page.goto(base + quiz.url)
    offline_quiz = page.get_by_role("region", name="Take this quiz offline")
    offline_quiz.get_by_label("True").check()
    offline_quiz.get_by_role("button", name="Submit my answers").click()
    expect(offline_quiz.get_by_role("status")).to_have_text(re.compile("Your answers are kept on this device"))
    draws.make_draw(quiz, learner)  # meanwhile, another device of hers downloaded the quiz again: this draw is void

    context.set_offline(False)
    page.goto(base + module.url)
    done_here = page.get_by_role("region", name="Done on this device")
    expect(done_here.get_by_role("heading", name="Not accepted (1)")).to_be_visible()
    expect(done_here).to_contain_text("replaced by a newer download")
    assert Attempt.objects.filter(user=learner).count() == 0
    done_here.get_by_role("button", name="Discard").click()
    expect(done_here).to_be_hidden()
    assert device_store(page)["stores"]["queue"] == []
    context.close()


def test_a_teacher_training_track_is_taken_offline_module_by_module(page, site, context):
    from tests.progress.test_tracks import make_track

    base = site["url"]
    catalog = site["catalog"]["en"]
    modules = [make_module(catalog, title=f"Teaching module {n}", slug=f"teaching-{n}", lessons=2) for n in (1, 2)]
    track = make_track(catalog, modules, title="Teacher training")
    page.goto(base + track.url)
    panel = page.get_by_role("region", name="Available offline")
    expect(panel.get_by_text("to download")).to_be_visible()
    panel.get_by_role("button", name="Make available offline").click()
    expect(panel.get_by_role("status")).to_have_text("Done: the modules of this track are available offline.",
                                                     timeout=30_000)
    assert sorted(page.evaluate("caches.keys()"))[0].startswith(f"alma-offline-{modules[0].pk}-en-")
    assert len(page.evaluate("caches.keys()")) == 2  # one copy per module: each can be removed on its own page

    context.set_offline(True)
    lesson = LessonPage.objects.child_of(modules[1]).first()
    page.goto(base + lesson.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(lesson.title)
    expect(page.get_by_role("status").filter(has_text="You are offline")).to_be_visible()
    context.set_offline(False)

    page.goto(base + modules[1].url)  # the module's own page knows it is stored
    module_panel = page.get_by_role("region", name="Available offline")
    expect(module_panel.get_by_role("button", name="Remove from this device")).to_be_visible()
    module_panel.get_by_role("button", name="Remove from this device").click()
    expect(module_panel.get_by_role("status")).to_have_text("Removed from this device.")
    page.goto(base + track.url)
    expect(panel.get_by_role("button", name="Make available offline")).to_be_visible()  # one module is missing now
    expect(panel.get_by_text("to download")).to_be_visible()  # the estimate of that module alone
    page.wait_for_load_state("networkidle")
