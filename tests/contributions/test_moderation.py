import pytest
from django.contrib.auth.models import Group

from contributions.forms import ChecklistForm
from contributions.loader import load_tree
from contributions.models import ChecklistTaskState
from contributions.workflows import setup_moderation_workflow
from curriculum.models import ModulePage
from tests.factories import InstitutionFactory, UserFactory


def member(role, institution=None):
    user = UserFactory(institution=institution)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_setup_is_idempotent_and_covers_every_catalogue(site_pages):
    first = setup_moderation_workflow()
    second = setup_moderation_workflow()
    assert first.pk == second.pk
    assert [t.specific.name for t in first.tasks] == ["Institution review", "ALMA curator approval"]
    for catalog in site_pages["catalog"].values():
        assert catalog.get_workflow() == first


def test_a_draft_goes_live_after_institution_review_and_the_curator_checklist(site_pages, content_tree):
    workflow = setup_moderation_workflow()
    load_tree(content_tree, publish=False)
    module = ModulePage.objects.get(locale__language_code="en")
    assert not module.live and module.get_workflow() == workflow
    uchile = InstitutionFactory(slug="u-chile-reviewers")
    author, reviewer, curator = member("Contributor", uchile), member("Contributor", uchile), member("Curator")

    state = workflow.start(module, author)
    task = state.current_task_state.task.specific
    assert task.name == "Institution review"
    task.on_action(state.current_task_state, reviewer, "approve")
    state.refresh_from_db()
    task = state.current_task_state.task.specific
    assert task.name == "ALMA curator approval"
    assert [a for a in task.get_actions(module, curator) if a[0] == "approve"] == [("approve", "Approve with review checklist", True)]
    assert task.get_actions(module, author) == []

    form = ChecklistForm({"comment": "", "sources_cited": "on", "licence_and_credits": "on"})
    assert not form.is_valid() and "contested_topics_balanced" in form.errors
    with pytest.raises(ValueError):
        task.on_action(state.current_task_state, curator, "approve", sources_cited=True)
    module.refresh_from_db()
    assert not module.live

    form = ChecklistForm({"comment": "Good sources.", "sources_cited": "on", "contested_topics_balanced": "on",
                          "licence_and_credits": "on"})
    assert form.is_valid()
    task_state = state.current_task_state
    task.on_action(task_state, curator, "approve", **form.cleaned_data)
    module.refresh_from_db()
    assert module.live
    recorded = ChecklistTaskState.objects.get(pk=task_state.pk)
    assert recorded.checklist == {"sources_cited": True, "contested_topics_balanced": True, "licence_and_credits": True}
    assert recorded.status == "approved" and recorded.finished_by == curator and recorded.comment == "Good sources."
