"""A student's own assignments across their classes ("My assignments", the home page), by status.
Changes when what a student sees of their classes' work does (the instructions on an assigned
lesson or quiz are read per request by teachers/learner.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from teachers.models import Classroom, Membership
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
