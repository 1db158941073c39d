"""The class report pages: the grid and heat map with their filters and exports, and one student's
page. Changes when the report pages do (the report itself is teachers/report.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from teachers import attempt_review, grid, roster
from teachers.forms import ExtensionForm
from teachers.models import Assignment
from teachers.report import build_report
from teachers.report_export import csv_response, report_filename, xlsx_response
from teachers.views import taught_classroom


def _report_filters(request):
    def day(name):
        value = parse_date(request.GET.get(name, "") or "") if request.GET.get(name) else None
        return timezone.make_aware(timezone.datetime.combine(value, timezone.datetime.min.time())) if value else None

    return {"group": request.GET.get("group") or None, "since": day("since"), "until": day("until")}


# Students per page of the grid (Moodle's grader report shows 100 by default); the rest stays whole-class.
STUDENTS_PER_PAGE = 100


def _page_number(request) -> int:
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and int(value) > 0 else 1


@login_required
def report(request, pk):
    classroom = taught_classroom(request, pk)
    filters = _report_filters(request)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):  # exports are whole-class
        data = build_report(classroom, **filters)
        return (csv_response if fmt == "csv" else xlsx_response)(data, report_filename(classroom, fmt))
    first = (_page_number(request) - 1) * STUDENTS_PER_PAGE
    data = build_report(classroom, **filters, students=slice(first, first + STUDENTS_PER_PAGE))
    if first and not data.page_rows:
        raise Http404
    return render(request, "teachers/report.html", report_context(classroom, data, request.GET))


def _pages(data, filters) -> list[dict]:
    """Links to every page of students (none when one page holds them all)."""
    count = len(data.rows)
    if count <= STUDENTS_PER_PAGE:
        return []
    query = filters.copy()
    pages = []
    for number, first in enumerate(range(0, count, STUDENTS_PER_PAGE), start=1):
        query["page"] = str(number)
        pages.append({"number": number, "first": first + 1, "last": min(first + STUDENTS_PER_PAGE, count),
                      "query": query.urlencode(), "current": first == data.first_index})
    return pages


def report_context(classroom, data, filters) -> dict:
    extra = attempt_review.extra_attempt_counts([a.pk for a in data.assignments if a.kind == Assignment.Kind.QUIZ])
    # Unfiltered, the rows are every current member: their groups need no query of their own.
    groups = classroom.groups() if filters.get("group") else sorted({r.membership.group for r in data.rows} - {""})
    export_query = filters.copy()
    export_query.pop("page", None)
    rows = grid.grid_rows(data, extra)  # first: it sets the rows' urls that the list of who needs help links to
    return {"classroom": classroom, "report": data, "grid": rows, "heat": grid.heat_rows(data),
            "heat_header": grid.heat_header(data), "stuck": grid.stuck_items(data),
            "groups": groups, "filters": filters, "query": export_query.urlencode(), "pages": _pages(data, filters),
            "essays_waiting": data.essays_waiting}


@login_required
def student_report(request, pk, user_id):
    classroom = taught_classroom(request, pk)
    data = build_report(classroom, student_id=user_id)
    if not data.rows:
        raise Http404
    row = data.rows[0]
    work = attempt_review.quiz_work(classroom, row.student)
    return render(request, "teachers/student.html", {
        "classroom": classroom, "row": row, "cells": [(c, work.get(c.assignment.pk)) for c in row.cells if c],
        "mastery": sorted(row.mastery.values(), key=lambda m: m.outcome_code), "extension_form": ExtensionForm(),
        "can_reset_password": roster.can_reset_password(classroom, row.student)})
