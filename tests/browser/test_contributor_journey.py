"""The university contributor's day and the curator's checklist, in the browser
(issue 13): an administrator creates the contributor with their institution in
Wagtail's user form; the contributor signs in on the site, lands on their
modules, uploads a package, reads its problems in Spanish, fixes it, uploads it
again, opens the module and submits it, whole, for review; the curator signs in,
lands on the review queue and approves with the checklist; the module, its
lessons and quiz are live in the catalogue in the package's two languages. In Spanish
on a desktop and in Portuguese on a phone (Wagtail's admin follows the browser's
language), with no axe-core violation on any page visited, admin pages included."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.models import User
from contributions.loader import load_tree
from contributions.workflows import setup_moderation_workflow
from curriculum.models import ModulePage
from lessons.models import LessonPage
from tests.contributions.conftest import FRAMEWORK, LESSONS, MODULE, write_tree
from tests.contributions.test_import_package import zip_folder
from tests.factories import InstitutionFactory, UserFactory

from .test_learner_journey import SIZES, Visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Relaves-y-agua-2026"
QUESTIONS = {"es": "$CATEGORY: WAT-SEC-01\n::Q1:: ¿El agua de proceso se recircula? {T}\n",
             "pt": "$CATEGORY: WAT-SEC-01\n::Q1:: A água de processo é recirculada? {T}\n",
             "en": "$CATEGORY: WAT-SEC-01\n::Q1:: Is process water recirculated? {T}\n"}
# The package's first language is the contributor's; its second is English.
PORTUGUESE = {"{ es = ": "{ pt = ", '"es"': '"pt"', ".es.md": ".pt.md", "Agua y minería": "Água e mineração",
              "Cómo se usa el agua.": "Como a água é usada.", "El agua en la mina": "A água na mina",
              "Relaves": "Rejeitos", "Describe cómo la minería usa el agua.": "Descreve como a mineração usa a água.",
              "Relave": "Rejeito", "Residuo fino.": "Resíduo fino."}
WORDS = {
    "es": {"title": "Agua y minería", "modules": "Módulos de Universidad de Chile",
           "importing": "Importas módulos para Universidad de Chile.",
           "missing": "la lección «02-relaves» no tiene versión en «en»", "false_missing": "no tiene versión en «es»",
           "open": "Abrir el módulo «Agua y minería»", "in_review": "En revisión: Institution review"},
    "pt": {"title": "Água e mineração", "modules": "Módulos de Universidad de Chile",
           "importing": "Você importa módulos para Universidad de Chile.",
           "missing": "a lição «02-relaves» não tem versão em «en»", "false_missing": "não tem versão em «pt»",
           "open": "Abrir o módulo «Água e mineração»", "in_review": "Em revisão: Institution review"},
}


# Violations inside Wagtail's own admin markup, which we cannot change: only this rule, only this element.
WAGTAIL_OWN = {
    # wagtailusers/users/create.html: the "Next" link to the Roles tab has role="tab" outside the tablist.
    ("aria-required-parent", ".w-w-fit"),
    # wagtailadmin's ModalWorkflow dialog (the workflow action's modal) has no accessible name.
    ("aria-dialog-name", ".modal"),
    # wagtailadmin/shared/workflow_action_modal.html puts the fields' <div>s straight into <ul class="fields">.
    ("list", ".fields"),
}


class AdminVisit(Visit):
    """Visit, with axe-core's findings in Wagtail's own markup (WAGTAIL_OWN) left out; waits for
    Wagtail's messages to finish fading in, or their half-transparent text fails contrast."""

    def check(self, label, shot=False):
        self.page.wait_for_load_state()  # after a click the URL changes before the new document has loaded
        messages = self.page.locator(".messages > ul")
        if messages.count():
            expect(messages).to_have_css("opacity", "1")
        found = []
        for violation in Axe().run(self.page).response["violations"]:
            nodes = [n["target"] for n in violation["nodes"] if (violation["id"], n["target"][0]) not in WAGTAIL_OWN]
            if nodes:
                found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {nodes[:3]}")
        if found:
            self.violations[f"{label} {self.page.url}"] = found
        if shot:
            self.screenshot(self.page, f"{self.name}-{label}")


def in_language(files, language):
    if language == "es":
        return files
    translated = {}
    for name, text in files.items():
        for spanish, other in PORTUGUESE.items():
            name, text = name.replace(spanish, other), text.replace(spanish, other)
        translated[name] = text
    return translated


def admin_sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def site_sign_in(visit, language, username):
    visit.page.context.clear_cookies()
    visit.go(f"/{language}/accounts/login/", "login")
    visit.page.locator("#id_username").fill(username)
    visit.page.locator("#id_password").fill(PASSWORD)
    visit.page.locator("main form button[type=submit]").click()


def make_packages(tmp_path, language):
    write_tree(tmp_path / "framework", in_language(FRAMEWORK, language))
    load_tree(tmp_path / "framework")
    folder = tmp_path / "agua-y-mineria"
    module_without_institution = MODULE.split("[institution]")[0] + '[[authors]]\nname = "Ana Pérez"\n'
    broken = {**LESSONS}
    del broken["02-relaves.en.md"]
    write_tree(folder, in_language({"module.toml": module_without_institution,
                                    **{f"lessons/{k}": v for k, v in broken.items()}}, language))
    write_tree(folder, {f"questions.{language}.gift": QUESTIONS[language].replace("{T}", "{T"),
                        "questions.en.gift": QUESTIONS["en"]})
    bad = zip_folder(folder, tmp_path / "con-errores.zip")
    write_tree(folder, {"lessons/02-relaves.en.md": LESSONS["02-relaves.en.md"], f"questions.{language}.gift": QUESTIONS[language]})
    return {"bad": bad, "good": zip_folder(folder, tmp_path / "corregido.zip")}


def open_actions(page):
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()


@pytest.mark.parametrize("language,viewport", [("es", "desktop"), ("pt", "phone")])
def test_contributor_uploads_submits_the_whole_module_and_the_curator_approves_with_the_checklist(
        browser, site, screenshot, tmp_path, language, viewport):
    base, words = site["url"], WORDS[language]
    packages = make_packages(tmp_path, language)
    setup_moderation_workflow()
    InstitutionFactory(slug="u-chile", name="Universidad de Chile")
    for username, extra in (("admin", {"is_superuser": True, "is_staff": True}), ("curadora", {})):
        user = UserFactory(username=username, **extra)
        user.set_password(PASSWORD)
        user.save()
    User.objects.get(username="curadora").groups.add(Group.objects.get(name="Curator"))

    context = browser.new_context(viewport=SIZES[viewport], locale="pt-BR" if language == "pt" else "es-CL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    visit = AdminVisit(page, base, screenshot, f"contributor-{language}-{viewport}")
    shots = language == "es"  # the README's screens; fewer full-page shots keep each run under a minute

    # 1. The administrator creates the contributor, with her institution, in Wagtail's user form.
    admin_sign_in(page, base, "admin")
    visit.go(reverse("wagtailusers_users:add"), "admin-creates-contributor")
    page.locator("#id_username").fill("autora")
    page.locator("#id_email").fill("autora@uchile.cl")
    page.locator("#id_first_name").fill("Ana")
    page.locator("#id_last_name").fill("Pérez")
    page.locator("#id_institution").select_option(index=1)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    visit.check("01-admin-creates-contributor")
    page.locator("#tab-label-roles").click()
    page.get_by_label("Contributor").check()
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(reverse("wagtailusers_users:index") + "$"))
    assert User.objects.get(username="autora").institution.slug == "u-chile"

    # 2. The contributor signs in on the site and lands on her institution's modules, in her language.
    site_sign_in(visit, language, "autora")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text(words["modules"])).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", re.compile(rf"^{language}"))  # Wagtail's admin too
    visit.check("contributor-dashboard")

    # 3. A package with problems: each listed once, in her language, nothing imported.
    visit.go("/admin/packages/upload/", "upload")
    expect(page.get_by_text(words["importing"])).to_be_visible()
    page.locator("#id_package").set_input_files(str(packages["bad"]))
    page.locator("main form button[type=submit]").click()
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("listitem")).to_have_count(2)
    expect(alert).to_contain_text(words["missing"])
    expect(alert).to_contain_text(f"questions.{language}.gift:2")
    expect(alert).not_to_contain_text(words["false_missing"])
    visit.check("02-package-problems", shot=shots)
    assert not ModulePage.objects.exists()

    # 4. Fixed and uploaded again: drafts credited to her institution; she opens her module.
    visit.go("/admin/packages/upload/", "upload-again")
    page.locator("#id_package").set_input_files(str(packages["good"]))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name=re.compile(words["open"]))).to_be_visible()
    visit.check("imported")
    page.get_by_role("link", name=re.compile(words["open"])).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    visit.check("03-contributor-opens-her-module")

    # 5. She submits each language's module for review; its lessons and quiz go with it.
    for module in ModulePage.objects.order_by("locale__language_code"):
        assert module.institution.slug == "u-chile" and not module.live
        page.goto(base + f"/admin/pages/{module.pk}/edit/")
        open_actions(page)
        page.locator("button[name=action-submit]").click()
        expect(page).to_have_url(re.compile(r"/admin/pages/\d+/"))
    visit.go("/admin/", "contributor-modules-in-review")
    expect(page.get_by_text(words["in_review"])).to_have_count(2)
    visit.check("04-contributor-modules-in-review", shot=shots)

    # 6. The curator signs in and lands on the review queue; she approves both tasks, the second with the checklist.
    site_sign_in(visit, language, "curadora")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#awaiting-review-section, [id^=awaiting-review]").first).to_be_visible()
    visit.check("05-curator-review-queue", shot=shots)
    for module in ModulePage.objects.order_by("locale__language_code"):
        for step in ("institution", "checklist"):
            page.goto(base + f"/admin/pages/{module.pk}/edit/")
            open_actions(page)
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
            if module.locale.language_code == language:
                visit.check("06-curator-checklist", shot=shots)
            dialog.locator("button[type=submit]").click()
            page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    visit.check("approved")

    # 7. Live, whole, in the catalogue in both of its languages; axe-core finds nothing.
    assert LessonPage.objects.live().count() == 4 and ModulePage.objects.live().count() == 2
    page.context.clear_cookies()
    for code, title in ((language, words["title"]), ("en", "Water and mining")):
        visit.go(site["catalog"][code].url, f"catalogue-{code}")
        page.get_by_role("link", name=title).first.click()
        expect(page.get_by_role("heading", name=title).first).to_be_visible()
        visit.check(f"07-live-module-{code}", shot=shots and code == language)
    context.close()
    assert not errors, errors
    assert not visit.violations, visit.violations
