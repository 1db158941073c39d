"""WCAG 2.2 AA checks with axe-core on the pages people see first, in Spanish and
English, and a keyboard-only journey through a lesson."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from curriculum.national import store as store_national
from lessons.models import LessonPage
from tests.factories import OutcomeFactory, UserFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LESSON_BODY = [
    {"type": "markdown", "value": "## Del mineral al metal\n\nEl cobre se concentra por **flotación**.\n\n| País | kt |\n|---|---|\n| Chile | 5300 |"},
    {"type": "callout", "value": {"kind": "safety", "title": "", "text": "Usa siempre casco y lentes."}},
    {"type": "activity", "value": {"title": "Medir la ley", "duration_minutes": 20, "materials": ["Balanza"], "steps": ["Pesa.", "Calcula."]}},
]


@pytest.fixture
def pages(site):
    outcome = OutcomeFactory(code="CM-SEC-01")
    store_national([{  # so the module and lesson show "Fits these national curricula" and the catalogue its select
        "code": "bncc", "name": "BNCC", "country": "BR", "language": "pt", "issuer": "Ministério da Educação (MEC), Brasil",
        "title": "Base Nacional Comum Curricular", "year": 2018, "url": "https://basenacionalcomum.mec.gov.br/",
        "standards": [{"code": "EM13CNT309", "grade": "Ensino Médio", "subject": "Ciências da Natureza e suas Tecnologias",
                       "text": "Discutir a dependência de recursos não renováveis."}],
    }], [("CM-SEC-01", "bncc", "EM13CNT309", "related")])
    result = {}
    for code in ("es", "en"):
        module = make_module(site["catalog"][code], title=f"Minerales críticos {code}", slug=f"critical-{code}",
                             lessons=2, outcomes=[outcome])
        lesson = LessonPage.objects.child_of(module).first().specific
        lesson.body = LESSON_BODY
        lesson.save_revision().publish()
        quiz = make_quiz(module, questions=[make_question("single", outcomes=[outcome], lang=code),
                                            make_question("numeric", outcomes=[outcome], lang=code)])
        # The module's pre-test, so that the module page invites the learner to take it before lesson 1.
        pre_test = make_quiz(module, random_slots=[("CM-SEC-01", 1, None)], title="Pre-test", attempts_allowed=1, pass_mark=0)
        module.pre_test = pre_test
        module.save_revision().publish()
        result[code] = {"module": module, "lesson": LessonPage.objects.get(pk=lesson.pk), "quiz": quiz, "pre-test": pre_test}
    return result


def sign_in(context, live_server_url):
    user = UserFactory(username="ana", display_name="Ana")
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server_url}])
    return user


def serious_violations(page):
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("language", ["es", "en"])
def test_key_pages_have_no_serious_or_critical_axe_violations(page, context, site, pages, language, screenshot):
    sign_in(context, site["url"])
    content = pages[language]
    urls = {
        "home": f"/{language}/",
        "catalogue": site["catalog"][language].url,
        "catalogue-filtered": site["catalog"][language].url + "?level=secondary",
        "catalogue-national": site["catalog"][language].url + "?fits=bncc:ensino-medio-ciencias-da-natureza-e-suas-tecnologias",
        "module": content["module"].url,
        "lesson": content["lesson"].url,
        "quiz": content["quiz"].url,
        "pre-test": content["pre-test"].url,
        "my-learning": f"/{language}/learning/",
        "search": f"/{language}/search/?q=cobre",
    }
    found = {}
    for name, path in urls.items():
        response = page.goto(site["url"] + path)
        assert response.status == 200, f"{name}: {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        if name in ("module", "lesson"):
            expect(page.locator(".national-fit li")).to_contain_text("Discutir a dependência de recursos não renováveis.")
        if name == "module":
            expect(page.locator("#pre-test-title")).to_be_visible()
        violations = serious_violations(page)
        if violations:
            found[name] = violations
        if language == "es" and name in ("home", "lesson", "catalogue", "module"):
            screenshot(page, f"{name}-{language}")
    assert not found, found


def test_signed_out_pages_have_no_serious_or_critical_axe_violations(page, site, pages):
    for path in ("/es/accounts/login/", "/en/accounts/signup/", "/es/no-such-page/"):
        page.goto(site["url"] + path)
        assert not serious_violations(page), path


def test_keyboard_only_journey_through_a_lesson(page, context, site, pages):
    sign_in(context, site["url"])
    lesson = pages["es"]["lesson"]
    page.goto(site["url"] + lesson.url)

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert not outline.startswith("none"), f"focus is not visible on the skip link: {outline}"
    page.keyboard.press("Enter")

    for _ in range(80):
        page.keyboard.press("Tab")
        if page.locator(":focus").inner_text().strip() == "Marcar como completada":
            break
    else:
        pytest.fail("the 'mark as complete' button cannot be reached with the keyboard")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Completado").first).to_be_visible()


def test_pages_fit_a_320_pixel_phone_without_sideways_scrolling(page, site, pages):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/es/", site["catalog"]["es"].url, pages["es"]["module"].url, pages["es"]["lesson"].url,
                 pages["es"]["quiz"].url, "/es/accounts/login/"):
        page.goto(site["url"] + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
