"""The whole path of a contribution (issue 6, item 6): a contributor uploads a
package with three errors, sees all three, fixes them, uploads again, submits
for review; the institution reviews, a curator approves with the checklist; the
module is live in two languages; a translator adds the third."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale, Page

import pytest

from contributions.loader import load_tree
from contributions.models import ChecklistTaskState
from contributions.workflows import setup_moderation_workflow
from curriculum.models import ModulePage
from lessons.models import LessonPage
from tests.factories import InstitutionFactory

from .conftest import lesson
from .test_import_package import zip_folder
from .test_translation import member, translate_to_french


def upload(client, archive):
    with open(archive, "rb") as handle:
        return client.post(reverse("contributions_upload"), {"package": SimpleUploadedFile("agua.zip", handle.read())},
                           follow=True)


def act(client, page, action, **data):
    """A reviewer's action on the page's current task, through the admin's workflow view."""
    state = page.current_workflow_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk])
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.content[:500]
    assert b"error" not in response.content.lower()


@pytest.fixture
def package(site_pages, content_tree):
    load_tree(content_tree / "framework")
    setup_moderation_workflow()
    return content_tree / "modules" / "agua-y-mineria"


def test_a_contribution_from_upload_to_three_languages(client, package, tmp_path, django_capture_on_commit_callbacks):
    uchile = InstitutionFactory(slug="u-chile", name="Universidad de Chile")
    author, colleague, curator, translator = (member("Contributor", uchile), member("Contributor", uchile),
                                              member("Curator"), member("Translator"))

    # 1. Three errors, all reported, nothing imported.
    client.force_login(author)
    good = {p: p.read_text() for p in (package / "lessons").iterdir()}
    (package / "lessons/02-relaves.en.md").unlink()
    (package / "lessons/01-agua.en.md").write_text(lesson("Water", "[x](javascript:alert(1))"))
    (package / "lessons/02-relaves.es.md").write_text(lesson("Relaves", outcomes='["ZZ-SEC-99"]'))
    page = upload(client, zip_folder(package, tmp_path / "bad.zip")).content.decode()
    assert "3 problems; nothing was imported" in page
    assert "02-relaves.en.md" in page and "01-agua.en.md:" in page and "ZZ-SEC-99" in page
    assert not ModulePage.objects.exists()

    # 2. Fixed: imported as drafts in both languages.
    for path, text in good.items():
        path.write_text(text)
    page = upload(client, zip_folder(package, tmp_path / "good.zip")).content.decode()
    assert "Package imported" in page and "problem" not in page
    drafts = list(Page.objects.type(ModulePage, LessonPage).specific())
    assert len(drafts) == 6 and not any(p.live for p in drafts)

    # 3. The author submits each module for review, as one unit: its lessons have no workflow of their own.
    modules = list(ModulePage.objects.order_by("locale__language_code"))
    assert all(lesson.get_workflow() is None for lesson in LessonPage.objects.all())
    for module in modules:
        module.get_workflow().start(module, author)
        assert module.current_workflow_task.name == "Institution review"

    # 4. A colleague at the institution approves; the curator approves only with the checklist.
    client.force_login(colleague)
    for module in modules:
        act(client, module, "approve", comment="")
        module.refresh_from_db()
        assert module.current_workflow_task.name == "ALMA curator approval"
    client.force_login(curator)
    module = ModulePage.objects.get(locale__language_code="es")
    client.post(reverse("wagtailadmin_pages:workflow_action",
                        args=[module.pk, "approve", module.current_workflow_state.current_task_state.pk]),
                {"comment": "", "sources_cited": "on"})
    module.refresh_from_db()
    assert not module.live
    checklist = {"sources_cited": "on", "contested_topics_balanced": "on", "licence_and_credits": "on"}
    for module in modules:
        act(client, module, "approve", comment="Sources checked.", **checklist)
    assert ChecklistTaskState.objects.filter(status="approved").count() == 2
    assert [s.checklist for s in ChecklistTaskState.objects.all()] == [{k: True for k in checklist}] * 2

    # 5. Live in Spanish and English, for anyone.
    client.logout()
    for code in ("es", "en"):
        live = ModulePage.objects.live().get(locale__language_code=code)
        response = client.get(live.url)
        assert response.status_code == 200 and live.title in response.content.decode()
    assert LessonPage.objects.live().count() == 4

    # 6. A translator adds French with wagtail-localize (PO file), and publishes it.
    client.force_login(translator)
    french = translate_to_french(client, module, django_capture_on_commit_callbacks)
    assert french.live and french.locale == Locale.objects.get(language_code="fr")
    client.logout()
    response = client.get(french.url)
    assert response.status_code == 200 and "exploitation minière" in response.content.decode()
