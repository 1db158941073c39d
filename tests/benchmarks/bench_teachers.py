"""Class report timing (``make bench``): build the students × assignments report
for a class of 40 and of 400 students with 30 assignments (a shipped module and
quiz among them when the content has them), on the benchmark's SQLite copy.

Figures: ``teachers_report_<n>_ms`` (median of 5 builds of the report data),
``teachers_report_page_<n>_ms`` (data + HTML of the report page, median of 3),
``teachers_report_<n>_queries`` (must be the same for every n)."""

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext


def _content():
    from curriculum.models import ModulePage
    from quizzes.models import QuizPage

    for module in ModulePage.objects.live().order_by("path"):
        quiz = QuizPage.objects.live().child_of(module).first()
        if quiz is not None:
            return module, quiz
    return ModulePage.objects.live().first(), None


def run(report, sizes=(40, 400), assignments=30):
    from teachers.report import build_report
    from teachers.models import Classroom
    from teachers.report_views import report_context
    from tests.teachers.builders import populate

    module, quiz = _content()
    owner, _ = get_user_model().objects.get_or_create(username="bench-teacher")
    for size in sizes:
        classroom = Classroom.objects.create(name=f"Bench {size}", level="secondary", language="es", owner=owner)
        populate(classroom, size, assignments, module=module, quiz=quiz, prefix=f"b{size}")
        build_report(classroom)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            build_report(classroom)
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            build_report(classroom)
            timings.append((time.perf_counter() - start) * 1000)
        page_timings = []
        for _ in range(3):
            start = time.perf_counter()
            data = build_report(classroom)
            render_to_string("teachers/report.html", report_context(classroom, data, QueryDict()))
            page_timings.append((time.perf_counter() - start) * 1000)
        report(f"teachers_report_{size}_ms", round(statistics.median(timings), 1), "ms")
        report(f"teachers_report_page_{size}_ms", round(statistics.median(page_timings), 1), "ms")
        report(f"teachers_report_{size}_queries", len(queries), "queries")
