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


@login_required
def report(request, pk):
    classroom = taught_classroom(request, pk)
    filters = _report_filters(request)
    data = build_report(classroom, **filters)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return csv_response(data, report_filename(classroom, "csv"))
    if fmt == "xlsx":
        return xlsx_response(data, report_filename(classroom, "xlsx"))
    return render(request, "teachers/report.html", report_context(classroom, data, request.GET))


def report_context(classroom, data, filters) -> dict:
    extra = attempt_review.extra_attempt_counts([a.pk for a in data.assignments if a.kind == Assignment.Kind.QUIZ])
    return {"classroom": classroom, "report": data, "grid": grid.grid_rows(data, extra), "heat": grid.heat_rows(data),
            "groups": classroom.groups(), "filters": filters, "query": filters.urlencode()}


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
