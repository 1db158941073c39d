"""The university contributor's day and the curator's checklist, in the browser
(issue 13): an administrator creates the contributor with their institution in
Wagtail's user form; the contributor signs in on the site, lands on their
modules, uploads a package, reads its problems in Spanish, fixes it, uploads it
again, opens the module and submits it, whole, for review; the curator signs in,
lands on the review queue and approves with the checklist; the module, its
lessons and quiz are live in the catalogue in Spanish and English, on a desktop
and a phone, with no axe-core violation on the public pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from contributions.loader import load_tree
from contributions.workflows import setup_moderation_workflow
from curriculum.models import ModulePage
from lessons.models import LessonPage
from tests.contributions.conftest import FRAMEWORK, LESSONS, MODULE, write_tree
from tests.contributions.test_import_package import zip_folder
from tests.factories import InstitutionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Relaves-y-agua-2026"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
QUESTIONS = {"es": "$CATEGORY: WAT-SEC-01\n::Q1:: ¿El agua de proceso se recircula? {T}\n",
             "en": "$CATEGORY: WAT-SEC-01\n::Q1:: Is process water recirculated? {T}\n"}


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=DESKTOP, locale="es-ES")
    context.set_default_timeout(20_000)
    yield context
    context.close()


def shot(page, name):
    from tests.browser.conftest import SCREENSHOT_DIR

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOT_DIR / f"contributor-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(original)


def axe_violations(page):
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


def admin_sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def site_sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/es/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.fixture
def packages(tmp_path):
    write_tree(tmp_path / "framework", FRAMEWORK)
    load_tree(tmp_path / "framework")
    folder = tmp_path / "agua-y-mineria"
    module_without_institution = MODULE.split("[institution]")[0] + '[[authors]]\nname = "Ana Pérez"\n'
    broken = {**LESSONS}
    del broken["02-relaves.en.md"]
    write_tree(folder, {"module.toml": module_without_institution, **{f"lessons/{k}": v for k, v in broken.items()},
                        "questions.es.gift": QUESTIONS["es"].replace("{T}", "{T"),
                        "questions.en.gift": QUESTIONS["en"]})
    bad = zip_folder(folder, tmp_path / "con-errores.zip")
    write_tree(folder, {"lessons/02-relaves.en.md": LESSONS["02-relaves.en.md"], "questions.es.gift": QUESTIONS["es"]})
    return {"bad": bad, "good": zip_folder(folder, tmp_path / "corregido.zip")}


def test_contributor_uploads_submits_the_whole_module_and_the_curator_approves_with_the_checklist(page, site, packages):
    base = site["url"]
    setup_moderation_workflow()
    InstitutionFactory(slug="u-chile", name="Universidad de Chile")
    for username, extra in (("admin", {"is_superuser": True, "is_staff": True}), ("curadora", {})):
        user = UserFactory(username=username, **extra)
        user.set_password(PASSWORD)
        user.save()
    User.objects.get(username="curadora").groups.add(Group.objects.get(name="Curator"))

    # 1. The administrator creates the contributor, with her institution, in Wagtail's user form.
    admin_sign_in(page, base, "admin")
    page.goto(base + reverse("wagtailusers_users:add"))
    page.locator("#id_username").fill("autora")
    page.locator("#id_email").fill("autora@uchile.cl")
    page.locator("#id_first_name").fill("Ana")
    page.locator("#id_last_name").fill("Pérez")
    page.locator("#id_institution").select_option(label="Universidad de Chile")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    shot(page, "01-admin-creates-contributor")
    page.locator("#tab-label-roles").click()
    page.get_by_label("Contributor").check()
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(reverse("wagtailusers_users:index") + "$"))
    assert User.objects.get(username="autora").institution.slug == "u-chile"

    # 2. The contributor signs in on the site and lands on her institution's modules.
    site_sign_in(page, base, "autora")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text("Módulos de Universidad de Chile")).to_be_visible()

    # 3. A package with problems: each listed once, in Spanish, nothing imported.
    page.goto(base + "/admin/packages/upload/")
    expect(page.get_by_text("Importas módulos para Universidad de Chile.")).to_be_visible()
    page.locator("#id_package").set_input_files(str(packages["bad"]))
    page.locator("main form button[type=submit]").click()
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("listitem")).to_have_count(2)
    expect(alert).to_contain_text("la lección «02-relaves» no tiene versión en «en»")
    expect(alert).to_contain_text("questions.es.gift:2")
    expect(alert).not_to_contain_text("no tiene versión en «es»")
    shot(page, "02-package-problems-in-spanish")
    assert not ModulePage.objects.exists()

    # 4. Fixed and uploaded again: drafts credited to her institution; she opens her module.
    page.goto(base + "/admin/packages/upload/")
    page.locator("#id_package").set_input_files(str(packages["good"]))
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name=re.compile("Abrir el módulo «Agua y minería»")).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    shot(page, "03-contributor-opens-her-module")

    # 5. She submits each language's module for review; its lessons and quiz go with it.
    for module in ModulePage.objects.order_by("locale__language_code"):
        assert module.institution.slug == "u-chile" and not module.live
        page.goto(base + f"/admin/pages/{module.pk}/edit/")
        page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
        page.locator("button[name=action-submit]").click()
        expect(page).to_have_url(re.compile(r"/admin/pages/\d+/"))
    page.goto(base + "/admin/")
    expect(page.get_by_text("En revisión: Institution review")).to_have_count(2)
    shot(page, "04-contributor-modules-in-review")

    # 6. The curator signs in and lands on the review queue; she approves both tasks, the second with the checklist.
    site_sign_in(page, base, "curadora")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    queue = page.locator("#awaiting-review-section, [id^=awaiting-review]").first
    expect(queue).to_be_visible()
    shot(page, "05-curator-review-queue")
    for module in ModulePage.objects.order_by("locale__language_code"):
        for step in ("institution", "checklist"):
            page.goto(base + f"/admin/pages/{module.pk}/edit/")
            page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
            if step == "institution":
                page.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()
                page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
                continue
            page.locator("button[data-workflow-action-name=approve][data-workflow-action-modal-url]").click()
            dialog = page.get_by_role("dialog")
            boxes = dialog.locator("input[type=checkbox]")
            expect(boxes).to_have_count(3)
            for box in boxes.all():
                box.check()
            if module.locale.language_code == "es":
                shot(page, "06-curator-checklist")
            dialog.locator("button[type=submit]").click()
            page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    # 7. Live, whole, in the catalogue in Spanish and English, on a desktop and a phone; axe-core finds nothing.
    assert LessonPage.objects.live().count() == 4 and ModulePage.objects.live().count() == 2
    page.context.clear_cookies()
    for code, title in (("es", "Agua y minería"), ("en", "Water and mining")):
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            page.goto(base + site["catalog"][code].url)
            expect(page.get_by_role("link", name=title).first).to_be_visible()
            assert axe_violations(page) == []
            page.get_by_role("link", name=title).first.click()
            expect(page.get_by_role("heading", name=title).first).to_be_visible()
            assert axe_violations(page) == []
        shot(page, f"07-live-module-{code}")
    page.set_viewport_size(DESKTOP)
