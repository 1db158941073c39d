"""How the quiz app plugs into Wagtail: the question bank's admin, its import screen, and the
rules that keep answered questions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from quizzes.admin_views import QuestionViewSet, export_qti_view, import_view
from quizzes.models import AttemptQuestion, Question

register_snippet(QuestionViewSet)


@hooks.register("before_delete_snippet")
def refuse_deleting_answered_questions(request, instances):
    """A question learners have seen keeps its versions (their attempts point at them): archive it instead."""
    if not instances or not isinstance(instances[0], Question):
        return None
    used = [q for q in instances if AttemptQuestion.objects.filter(version__question=q).exists()]
    if not used:
        return None
    messages.error(request, _("“%(title)s” has been answered by learners, so it cannot be deleted: their attempts keep "
                              "the version they saw. Archive it instead (Advanced → archived).") % {"title": used[0].title})
    return redirect(reverse("wagtailsnippets_quizzes_question:edit", args=[used[0].pk]))


@hooks.register("question_version_answered")
def version_answered_by_an_attempt(version_id: int) -> bool:
    """The bank asks whether a version is frozen; it is once any attempt has pinned it."""
    return AttemptQuestion.objects.filter(version_id=version_id).exists()


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("quizzes/import/", import_view, name="quizzes_import"),
            path("quizzes/export/<str:language>.qti.zip", export_qti_view, name="quizzes_export_qti")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return MenuItem(_("Import questions"), reverse("quizzes_import"), icon_name="upload", order=251)
