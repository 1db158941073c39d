"""A student's own assignments across their classes ("My assignments", the home page) and the
teachers' instructions on an assigned lesson or quiz. Changes when what a student sees of their
classes' work does."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from teachers.models import Assignment, Classroom, Membership
from teachers.report import Cell, Status, build_report


def sections(buckets):
    return [(buckets["late"], _("Late"), _("Nothing late.")), (buckets["todo"], _("To do"), _("Nothing to do right now.")),
            (buckets["done"], _("Done"), _("Nothing done yet."))]


def pages_by_key(keys, language: str | None = None) -> dict:
    """``{translation_key: page}``, the page in ``language`` when it exists. One query."""
    pages = {}
    for page in (Page.objects.live().filter(translation_key__in=list(keys)).select_related("locale")
                 .only("id", "title", "url_path", "translation_key", "locale__language_code", "content_type_id")):
        if page.translation_key not in pages or page.locale.language_code == language:
            pages[page.translation_key] = page
    return pages


def instructions_for(user, page, *, now=None) -> list[tuple[Classroom, str]]:
    """The teachers' instructions of the open assignments of this lesson or quiz (any language) that apply to
    ``user``: (class, instructions), one per assignment. Two queries."""
    now = now or timezone.now()
    assignments = list(Assignment.objects.filter(
        classroom__memberships__student=user, classroom__memberships__left_at__isnull=True,
        classroom__archived_at__isnull=True, target_key=page.translation_key, available_from__lte=now,
    ).exclude(instructions="").select_related("classroom").distinct().order_by("available_from", "pk"))
    if not assignments:
        return []
    memberships = {m.classroom_id: m for m in Membership.objects.current().filter(
        student=user, classroom_id__in={a.classroom_id for a in assignments})}
    return [(a.classroom, a.instructions) for a in assignments
            if a.classroom_id in memberships and a.applies_to(memberships[a.classroom_id])]


@dataclass
class MyAssignment:
    cell: Cell
    classroom: Classroom
    page: Page | None


def my_assignments(user, language: str, *, now=None) -> dict:
    """``{"todo": [...], "late": [...], "done": [...]}`` across the user's current classes."""
    now = now or timezone.now()
    memberships = list(Membership.objects.current().filter(student=user, classroom__archived_at__isnull=True)
                       .select_related("classroom"))
    result = {"todo": [], "late": [], "done": []}
    if not memberships:
        return result
    keys = set()
    for membership in memberships:
        report = build_report(membership.classroom, student_id=user.pk, now=now)
        for row in report.rows:
            for cell in row.cells:
                if cell is None or cell.status == Status.NOT_YET:
                    continue
                bucket = "done" if cell.is_done else ("late" if cell.status == Status.LATE else "todo")
                result[bucket].append(MyAssignment(cell, membership.classroom, None))
                keys.add(cell.assignment.target_key)
    pages = pages_by_key(keys, language)
    for items in result.values():
        for item in items:
            item.page = pages.get(item.cell.assignment.target_key)
        items.sort(key=lambda item: (item.cell.due is None, item.cell.due or now))
    return result
