"""In the browser: a contributor uploads a package with three errors, sees all
three, uploads the fixed package and follows its import; a translator finds the
module in "What needs translating" and starts its French translation with
wagtail-localize. (The whole path, with review, is tests/contributions/test_contribution_journey.py.)"""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from contributions.loader import load_tree
from contributions.models import ChecklistApprovalTask
from contributions.workflows import setup_moderation_workflow
from curriculum.models import ModulePage
from tests.contributions.conftest import FRAMEWORK, LESSONS, MODULE, lesson, write_tree
from tests.contributions.test_import_package import zip_folder
from tests.factories import InstitutionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "a-long-pass-phrase-42"


@pytest.fixture
def browser_locale():
    return "en-US"  # the admin in English: its labels are what the test reads


def member(role, username, institution=None):
    user = UserFactory(username=username, institution=institution)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^(Sign in|Log in)$")).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_upload_with_errors_then_fixed_then_a_translator_starts_french(page, site, tmp_path, screenshot):
    base = site["url"]
    write_tree(tmp_path / "framework", FRAMEWORK)
    load_tree(tmp_path / "framework")
    folder = tmp_path / "agua-y-mineria"
    bad = {**LESSONS, "01-agua.en.md": lesson("Water", "[x](javascript:alert(1))"),
           "02-relaves.es.md": lesson("Relaves", outcomes='["ZZ-SEC-99"]')}
    del bad["02-relaves.en.md"]
    write_tree(folder, {"module.toml": MODULE, **{f"lessons/{k}": v for k, v in bad.items()}})
    bad_zip = zip_folder(folder, tmp_path / "bad.zip")
    write_tree(folder, {f"lessons/{k}": v for k, v in LESSONS.items()})
    good_zip = zip_folder(folder, tmp_path / "good.zip")

    member("Contributor", "autora", InstitutionFactory(slug="u-chile", name="Universidad de Chile"))
    sign_in(page, base, "autora")
    page.get_by_role("link", name="Upload package").click()
    page.get_by_label(re.compile("Package")).set_input_files(str(bad_zip))
    page.get_by_role("button", name="Check and import").click()
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading", name="3 problems; nothing was imported")).to_be_visible()
    expect(alert.get_by_role("listitem")).to_have_count(3)
    screenshot(page, "admin-package-problems")

    page.get_by_role("link", name="Upload a package").click()
    page.get_by_label(re.compile("Package")).set_input_files(str(good_zip))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Package imported")).to_be_visible()
    expect(page.get_by_text("6 of 6 pages").first).to_be_visible()
    assert ModulePage.objects.count() == 2

    # Approved with the checklist (here in code; tests/browser/test_contributor_journey.py clicks it), then translated.
    curator = member("Curator", "curadora")
    checklist = {"sources_cited": True, "contested_topics_balanced": True, "licence_and_credits": True}
    setup_moderation_workflow()
    for module in ModulePage.objects.all():
        state = module.get_workflow().start(module, curator)
        for _task in range(2):
            state.refresh_from_db()
            task_state = state.current_task_state
            task = task_state.task.specific
            task.on_action(task_state, curator, "approve", **(checklist if isinstance(task, ChecklistApprovalTask) else {}))
    assert ModulePage.objects.live().count() == 2
    member("Translator", "traductor")
    sign_in(page, base, "traductor")
    page.get_by_role("link", name="What needs translating").click()
    french = page.locator("section", has=page.get_by_role("heading", name=re.compile(r"\(fr\)")))
    row = french.get_by_role("row", name=re.compile("Agua y minería"))
    screenshot(page, "admin-what-needs-translating")
    row.get_by_role("link", name="Translate").click()
    page.get_by_label(re.compile("French|Francés")).check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    french_module = ModulePage.objects.get(locale__language_code="fr")
    assert not french_module.live  # a draft until the translator publishes it
    screenshot(page, "admin-translation-editor")
