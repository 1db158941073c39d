"""A contributed module is reviewed as one unit and goes live only when a curator
approves it with the checklist: every other publish path is closed to it."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts.models import Institution
from contributions.loader import load_tree
from contributions.review import ReviewRequired, mark_contributed
from contributions.workflows import setup_moderation_workflow
from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import QuizPage

from .test_translation import member

CHECKLIST = {"sources_cited": "on", "contested_topics_balanced": "on", "licence_and_credits": "on"}


@pytest.fixture
def contributed(site_pages, content_tree):
    """The Spanish module of a package an author of the Universidad de Chile uploaded, as drafts."""
    setup_moderation_workflow()
    (content_tree / "modules/agua-y-mineria/questions.es.gift").write_text(
        "$CATEGORY: WAT-SEC-01\n::Q1:: ¿El agua se recircula? {T}\n")
    (content_tree / "modules/agua-y-mineria/questions.en.gift").write_text(
        "$CATEGORY: WAT-SEC-01\n::Q1:: Is water recirculated? {T}\n")
    load_tree(content_tree, publish=False)
    uchile = Institution.objects.get(slug="u-chile")  # from the package's [institution]
    author = member("Contributor", uchile)
    for module in ModulePage.objects.all():
        mark_contributed(module.pk, author)
    return {"module": ModulePage.objects.get(locale__language_code="es"), "author": author,
            "colleague": member("Contributor", uchile), "curator": member("Curator")}


def approve(client, user, module, **data):
    client.force_login(user)
    state = module.current_workflow_state.current_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=[module.pk, "approve", state.pk]),
                {"comment": "", **data})
    module.refresh_from_db()


def unit(module):
    return Page.objects.descendant_of(module, inclusive=True).specific()


def test_one_approval_with_the_checklist_publishes_the_module_its_lessons_and_quiz(client, contributed):
    module = contributed["module"]
    pages = list(unit(module))
    assert {type(p) for p in pages} == {ModulePage, LessonPage, QuizPage} and len(pages) == 5  # with the pre-test
    assert [p for p in pages if p.get_workflow() is not None] == [module]

    module.get_workflow().start(module, contributed["author"])
    approve(client, contributed["colleague"], module)
    approve(client, contributed["curator"], module, **CHECKLIST)
    assert all(p.live and not p.has_unpublished_changes for p in unit(module))
    assert not ModulePage.objects.get(locale__language_code="en").live  # the other language has its own review


def test_the_editors_publish_button_is_not_offered_and_a_forced_publish_is_refused(client, contributed):
    module = contributed["module"]
    lesson = LessonPage.objects.child_of(module).first()
    client.force_login(contributed["curator"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()
    assert 'name="action-publish"' not in edit
    response = client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), nested_form_data({
        "title": lesson.title, "slug": lesson.slug, "summary": "", "minutes": 30, "body": streamfield([("markdown", "Texto.")]),
        "teacher_guide": streamfield([]),
        "comments": inline_formset([]), "action-publish": "action-publish"}), follow=True)
    assert response.context.get("form") is None or not response.context["form"].errors, response.context["form"].errors
    assert "goes live when a curator approves" in response.content.decode()
    assert not Page.objects.get(pk=lesson.pk).live


def test_bulk_publish_is_refused(client, contributed):
    module = contributed["module"]
    ids = list(Page.objects.descendant_of(module, inclusive=True).values_list("pk", flat=True))
    client.force_login(contributed["curator"])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + "?" + urlencode({"id": ids}, doseq=True)
    client.post(url, {"include_descendants": "on"})
    assert not Page.objects.filter(pk__in=ids, live=True).exists()


def test_publishing_from_code_a_command_or_the_scheduler_is_refused(contributed):
    module = contributed["module"]
    with pytest.raises(ReviewRequired):
        module.get_latest_revision().publish()
    with pytest.raises(ReviewRequired):
        LessonPage.objects.child_of(module).first().get_latest_revision().publish()
    assert not Page.objects.descendant_of(module, inclusive=True).filter(live=True).exists()


def test_an_edit_after_the_approval_needs_a_new_review(client, contributed):
    module = contributed["module"]
    module.get_workflow().start(module, contributed["author"])
    approve(client, contributed["colleague"], module)
    approve(client, contributed["curator"], module, **CHECKLIST)
    lesson = LessonPage.objects.child_of(module).first()
    lesson.title = "Cambiado después de la revisión"
    revision = lesson.save_revision(user=contributed["author"])
    with pytest.raises(ReviewRequired):
        revision.publish(user=contributed["curator"])
    assert LessonPage.objects.get(pk=lesson.pk).title != "Cambiado después de la revisión"


def test_a_curators_own_module_is_still_published_directly(site_pages, content_tree):
    load_tree(content_tree, publish=False)
    module = ModulePage.objects.get(locale__language_code="es")
    module.get_latest_revision().publish()
    assert ModulePage.objects.get(pk=module.pk).live
