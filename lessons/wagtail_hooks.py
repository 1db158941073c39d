from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lessons.models import GlossaryTerm, LessonPage


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    list_display = ["term", "code", "locale"]
    list_filter = ["locale"]
    search_fields = ["term", "code", "definition"]
    menu_order = 210
    add_to_admin_menu = True


register_snippet(GlossaryTermViewSet)


@hooks.register("alma_lessons_for_outcomes")
def lessons_for_outcomes(page, codes):
    """Lessons to go back to for weak outcomes: ``{code: [LessonPage]}``, the lessons
    of ``page``'s module first, else other live lessons in its language (three at most). Two queries."""
    pairs = list(LessonPage.outcomes.through.objects.filter(
        learningoutcome__code__in=list(codes), lessonpage__live=True, lessonpage__locale_id=page.locale_id,
    ).values_list("lessonpage_id", "learningoutcome__code"))
    lessons = LessonPage.objects.in_bulk({lesson_id for lesson_id, _code in pairs})
    module_path = page.path[: -page.steplen]
    found = {code: [] for code in codes}
    for lesson_id, code in pairs:
        found[code].append(lessons[lesson_id])
    for code, matching in found.items():
        matching.sort(key=lambda lesson: (not lesson.path.startswith(module_path), lesson.path))
        found[code] = matching[:3]
    return found
