"""Which live lessons and quizzes a module has, in every language of the module (its pre-test is none of them).

One reason to change: how a module's parts are found in the page tree.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page

from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import QuizPage


def children_of(modules) -> Q:
    """Pages directly under any of ``modules`` (pages with their path and depth)."""
    query = Q(pk__in=[])
    for module in modules:
        query |= Q(path__startswith=module.path, depth=module.depth + 1)
    return query


def __children_of_module(module_key) -> Q:
    """Pages directly under any language version of the module ``module_key``."""
    return children_of(ModulePage.objects.filter(translation_key=module_key).only("path", "depth"))


def module_lesson_keys(module_key) -> list:
    """Translation keys of the live lessons of a module, in order, across its languages."""
    lessons = LessonPage.objects.live().filter(__children_of_module(module_key)).order_by("path")
    return list(dict.fromkeys(lessons.values_list("translation_key", flat=True)))


def pre_test_keys(module_key):
    """The module's pre-test (in every language): not one of its parts, it never blocks or completes it."""
    return ModulePage.objects.filter(translation_key=module_key, pre_test__isnull=False).values("pre_test__translation_key")


def module_quiz_keys(module_key) -> set:
    return set(QuizPage.objects.live().filter(__children_of_module(module_key))
               .exclude(translation_key__in=pre_test_keys(module_key)).values_list("translation_key", flat=True))


def module_part_keys(module_key) -> tuple[list, set]:
    """(lesson keys in order, quiz keys) of a module's live children, in two queries."""
    lesson_type, quiz_type = (ContentType.objects.get_for_model(m) for m in (LessonPage, QuizPage))
    lessons, quizzes = [], set()
    for key, content_type in (Page.objects.live().filter(__children_of_module(module_key),
                                                         content_type__in=[lesson_type, quiz_type])
                              .exclude(translation_key__in=pre_test_keys(module_key))
                              .order_by("path").values_list("translation_key", "content_type_id")):
        if content_type == quiz_type.pk:
            quizzes.add(key)
        elif key not in lessons:
            lessons.append(key)
    return lessons, quizzes
