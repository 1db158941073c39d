"""Server-rendered class pages. Every view checks who asks: a teacher reaches
only the classes they own or co-teach (others get a 404, so codes and names of
other classes do not leak), a student only their own work."""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alma.spreadsheets import SafeCSVWriter, xlsx_bytes
from quizzes import definition as qdef

from teachers import attempt_review, classroom_use, grid, roster, services
from teachers.forms import (AssignmentForm, ClassroomForm, CoTeacherForm, ExtensionForm, MemberForm, RosterForm,
                            StudentForm, content_choices)
from teachers.models import Assignment, Classroom, Extension, Membership


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def taught_classroom(request, pk) -> Classroom:
    classroom = Classroom.objects.taught_by(request.user).filter(pk=pk).select_related("owner", "institution").first()
    if classroom is None:
        raise Http404
    return classroom


def require_teacher(request):
    if not services.is_teacher(request.user):
        raise PermissionDenied


def join_url(request, classroom):
    return request.build_absolute_uri(reverse("teachers:join") + f"?code={classroom.join_code}")


@login_required
def class_list(request):
    taught = list(Classroom.objects.taught_by(request.user).select_related("institution"))
    memberships = list(Membership.objects.current().filter(student=request.user).select_related("classroom__owner"))
    return render(request, "teachers/class_list.html", {
        "taught": taught, "memberships": memberships, "is_teacher": services.is_teacher(request.user)})


@login_required
def class_create(request):
    require_teacher(request)
    form = ClassroomForm(request.POST or None, initial={"language": get_language(), "institution": request.user.institution})
    if request.method == "POST" and form.is_valid():
        form.instance.owner = request.user
        classroom = form.save()
        messages.success(request, _("Class created. Give your students the join code."))
        return redirect("teachers:class", classroom.pk)
    return render(request, "teachers/class_form.html", {"form": form})


@login_required
def class_detail(request, pk):
    classroom = taught_classroom(request, pk)
    members = list(classroom.memberships.current().select_related("student").order_by("group", "student__username"))
    url = join_url(request, classroom)
    qr = segno.make(url, error="m").svg_inline(scale=4, title=_("QR code of the join link"), omitsize=False)
    return render(request, "teachers/class_detail.html", {
        "classroom": classroom, "members": members, "join_url": url, "qr_svg": qr,
        "co_teachers": list(classroom.co_teachers.all()), "groups": classroom.groups(),
        "co_teacher_form": CoTeacherForm(), "student_form": StudentForm(), "roster_form": RosterForm(),
        "is_owner": classroom.owner_id == request.user.pk,
    })


@login_required
def join_screen(request, pk):
    """The join code and QR full screen, to project: readable from the back of a classroom."""
    classroom = taught_classroom(request, pk)
    url = join_url(request, classroom)
    qr = segno.make(url, error="m").svg_inline(scale=10, title=_("QR code of the join link"), omitsize=True)
    return render(request, "teachers/join_screen.html", {"classroom": classroom, "join_url": url, "qr_svg": qr})


@login_required
def qr_svg(request, pk):
    classroom = taught_classroom(request, pk)
    buffer = io.BytesIO()
    segno.make(join_url(request, classroom), error="m").save(buffer, kind="svg", scale=8, title=classroom.join_code)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
@require_POST
def add_co_teacher(request, pk):
    classroom = taught_classroom(request, pk)
    form = CoTeacherForm(request.POST)
    if form.is_valid():
        user = form.cleaned_data["username"]
        if user.pk != classroom.owner_id:
            classroom.co_teachers.add(user)
        messages.success(request, _("%(name)s now teaches this class with you.") % {"name": user})
    else:
        messages.error(request, form.errors["username"][0])
    return redirect("teachers:class", classroom.pk)


@login_required
@require_POST
def renew_code(request, pk):
    classroom = taught_classroom(request, pk)
    classroom.renew_code()
    messages.success(request, _("New join code: %(code)s. The old one no longer works.") % {"code": classroom.join_code})
    return redirect("teachers:class", classroom.pk)


@login_required
@require_POST
def archive(request, pk):
    classroom = taught_classroom(request, pk)
    classroom.archived_at = None if classroom.is_archived else timezone.now()
    classroom.save(update_fields=["archived_at"])
    messages.success(request, _("Class archived.") if classroom.is_archived else _("Class restored."))
    return redirect("teachers:class", classroom.pk)


@login_required
@require_POST
def member_update(request, pk, membership_id):
    classroom = taught_classroom(request, pk)
    membership = get_object_or_404(Membership.objects.current(), pk=membership_id, classroom=classroom)
    if request.POST.get("action") == "remove":
        services.leave(membership)
        messages.success(request, _("%(name)s was removed from the class.") % {"name": membership.student})
    elif request.POST.get("action") == "move":
        target = Classroom.objects.taught_by(request.user).filter(pk=request.POST.get("classroom")).first()
        if target is None or target.is_archived:
            messages.error(request, _("Choose one of your active classes to move the student to."))
        elif target.pk != classroom.pk:
            services.move_member(membership, target)
            messages.success(request, _("%(name)s moved to %(class)s.") % {"name": membership.student, "class": target})
    else:
        form = MemberForm(request.POST)
        if form.is_valid():
            membership.group = form.cleaned_data["group"].strip()
            membership.save(update_fields=["group"])
            messages.success(request, _("Group saved."))
    return redirect("teachers:class", classroom.pk)


@login_required
def join(request):
    code = request.POST.get("code") if request.method == "POST" else request.GET.get("code", "")
    error, status = None, 200
    if request.method == "POST":
        try:
            membership = services.join(request.user, code or "", client_ip(request))
        except services.JoinError as exc:
            error, status = str(exc), exc.status
        else:
            messages.success(request, _("You joined %(class)s.") % {"class": membership.classroom})
            return redirect("teachers:my-assignments")
    return render(request, "teachers/join.html", {"code": code, "error": error}, status=status)


@login_required
@require_POST
def leave(request, pk):
    membership = get_object_or_404(Membership.objects.current(), classroom_id=pk, student=request.user)
    services.leave(membership)
    messages.success(request, _("You left %(class)s.") % {"class": membership.classroom})
    return redirect("teachers:classes")


@login_required
def assignments(request, pk):
    classroom = taught_classroom(request, pk)
    form = AssignmentForm(request.POST or None, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Assigned: %(title)s.") % {"title": form.instance.title})
        return redirect("teachers:assignments", classroom.pk)
    items = list(classroom.assignments.all())
    return render(request, "teachers/assignments.html", {
        "classroom": classroom, "form": form, "assignments": items,
        "lessons": content_choices(classroom.language, level=classroom.level, lessons_only=True)},
        status=400 if form.errors else 200)


@login_required
def assignment_edit(request, pk, assignment_id):
    classroom = taught_classroom(request, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_id, classroom=classroom)
    form = AssignmentForm(request.POST or None, instance=assignment, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Assignment saved: %(title)s.") % {"title": assignment.title})
        return redirect("teachers:assignments", classroom.pk)
    return render(request, "teachers/assignment_edit.html", {"classroom": classroom, "form": form,
                                                             "assignment": assignment},
                  status=400 if form.errors else 200)


@login_required
def assignment_delete(request, pk, assignment_id):
    """GET asks for confirmation, POST deletes (with its extensions)."""
    classroom = taught_classroom(request, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_id, classroom=classroom)
    if request.method == "POST":
        assignment.delete()
        messages.success(request, _("Assignment deleted: %(title)s.") % {"title": assignment.title})
        return redirect("teachers:assignments", classroom.pk)
    return render(request, "teachers/assignment_delete.html", {"classroom": classroom, "assignment": assignment})


@login_required
@require_POST
def grant_extension(request, pk, assignment_id):
    classroom = taught_classroom(request, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_id, classroom=classroom)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a new due date and a reason for the extension."))
    elif not classroom.memberships.current().filter(student_id=form.cleaned_data["student"]).exists():
        raise Http404
    else:
        Extension.objects.update_or_create(
            assignment=assignment, student_id=form.cleaned_data["student"],
            defaults={"due_at": form.cleaned_data["due_at"], "reason": form.cleaned_data["reason"],
                      "granted_by": request.user, "granted_at": timezone.now()})
        messages.success(request, _("Extension granted."))
    return redirect("teachers:student", classroom.pk, form.cleaned_data.get("student") or 0)


def _report_filters(request):
    from django.utils.dateparse import parse_date

    def day(name):
        value = parse_date(request.GET.get(name, "") or "") if request.GET.get(name) else None
        return timezone.make_aware(timezone.datetime.combine(value, timezone.datetime.min.time())) if value else None

    return {"group": request.GET.get("group") or None, "since": day("since"), "until": day("until")}


@login_required
def report(request, pk):
    classroom = taught_classroom(request, pk)
    filters = _report_filters(request)
    data = services.build_report(classroom, **filters)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return csv_response(data, services.report_filename(classroom, "csv"))
    if fmt == "xlsx":
        return xlsx_response(data, services.report_filename(classroom, "xlsx"))
    return render(request, "teachers/report.html", report_context(classroom, data, request.GET))


def report_context(classroom, data, filters) -> dict:
    extra = attempt_review.extra_attempt_counts([a.pk for a in data.assignments if a.kind == Assignment.Kind.QUIZ])
    return {"classroom": classroom, "report": data, "grid": grid.grid_rows(data, extra), "heat": grid.heat_rows(data),
            "groups": classroom.groups(), "filters": filters, "query": filters.urlencode()}


@login_required
def student_report(request, pk, user_id):
    classroom = taught_classroom(request, pk)
    data = services.build_report(classroom, student_id=user_id)
    if not data.rows:
        raise Http404
    row = data.rows[0]
    work = attempt_review.quiz_work(classroom, row.student)
    return render(request, "teachers/student.html", {
        "classroom": classroom, "row": row, "cells": [(c, work.get(c.assignment.pk)) for c in row.cells if c],
        "mastery": sorted(row.mastery.values(), key=lambda m: m.outcome_code), "extension_form": ExtensionForm(),
        "can_reset_password": roster.can_reset_password(classroom, row.student)})


def csv_response(data, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    SafeCSVWriter(response).writerows(services.report_table(data))
    return response


def xlsx_response(data, filename):
    response = HttpResponse(xlsx_bytes(services.report_table(data), _("Report")),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def my_assignments(request):
    from teachers.overlays import sections

    buckets = services.my_assignments(request.user, get_language())
    return render(request, "teachers/my_assignments.html", {"sections": sections(buckets)})


# --- classroom use: projector, worksheets, paper answers ------------------------------------


def _page_for_key(classroom, key, *models):
    """The live page with this translation_key, in the class's language when it exists (else any language)."""
    for model in models:
        pages = list(model.objects.live().filter(translation_key=key).select_related("locale"))
        if pages:
            return next((p for p in pages if p.locale.language_code == classroom.language), pages[0])
    raise Http404


def _in_page_language(page):
    from django.utils import translation

    return translation.override(page.locale.language_code)


@login_required
@never_cache
def present(request, pk, key):
    from lessons.models import LessonPage

    classroom = taught_classroom(request, pk)
    lesson = _page_for_key(classroom, key, LessonPage)
    context = {"request": request, "page": lesson, "classroom": classroom}
    with _in_page_language(lesson):
        slides = classroom_use.lesson_slides(lesson, context)
    return render(request, "teachers/present.html", {
        "classroom": classroom, "lesson": lesson, "module": lesson.get_parent().specific, "slides": slides,
        "outcomes": list(lesson.outcomes.all()), "total": len(slides) + 1})


@login_required
def present_pick(request, pk):
    """Any lesson on the projector, assigned or not: the assignments page's form sends the lesson's id."""
    from lessons.models import LessonPage

    classroom = taught_classroom(request, pk)
    chosen = request.GET.get("lesson", "")
    lesson = LessonPage.objects.live().filter(pk=int(chosen) if chosen.isdigit() else 0).first()
    if lesson is None:
        raise Http404
    return redirect("teachers:present", classroom.pk, lesson.translation_key)


def _worksheet_context(request, pk, key):
    from lessons.models import LessonPage
    from quizzes.models import QuizPage

    classroom = taught_classroom(request, pk)
    page = _page_for_key(classroom, key, QuizPage, LessonPage)
    lesson = page if isinstance(page, LessonPage) else None
    quizzes = classroom_use.embedded_quizzes(lesson) if lesson else [page]
    sheets = [(quiz, classroom_use.paper_questions(quiz)) for quiz in quizzes]
    return {"classroom": classroom, "page": page, "lesson": lesson, "sheets": sheets,
            "question_count": sum(len(questions) for _quiz, questions in sheets),
            "key_allowed": classroom_use.answer_key_allowed(request.user, classroom, page, quizzes)}


@login_required
@never_cache
def worksheet(request, pk, key):
    context = _worksheet_context(request, pk, key)
    return render(request, "teachers/worksheet.html", context)


@login_required
@never_cache
def answer_key(request, pk, key):
    context = _worksheet_context(request, pk, key)
    if not context["key_allowed"]:
        raise PermissionDenied
    return render(request, "teachers/answer_key.html", context)


@login_required
@never_cache
def paper_answers(request, pk, assignment_id):
    from quizzes.models import QuizPage

    classroom = taught_classroom(request, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_id, classroom=classroom, kind=Assignment.Kind.QUIZ)
    quiz = _page_for_key(classroom, assignment.target_key, QuizPage)
    questions = classroom_use.paper_questions(quiz)
    chosen = set(assignment.students.values_list("pk", flat=True))
    members = [m for m in classroom.memberships.current().select_related("student").order_by("group", "student__username")
               if assignment.applies_to(m, chosen)]
    entered = {}
    for submission in assignment.paper_submissions.select_related("attempt"):
        entered.setdefault(submission.student_id, submission)
    try:
        student_id = int(request.POST.get("student") or request.GET.get("student") or 0)
    except ValueError:
        student_id = 0
    member = next((m for m in members if m.student_id == student_id), None)
    errors, posted = {}, None
    if request.method == "POST":
        if member is None:
            raise Http404
        try:
            answers = classroom_use.read_paper_form(questions, request.POST.getlist)
            submission = classroom_use.record_paper_answers(assignment, quiz, questions, member.student, answers,
                                                            request.user)
        except classroom_use.PaperError as error:
            errors, posted = error.errors, request.POST
        else:
            attempt = submission.attempt
            messages.success(request, _("Paper answers of %(name)s saved: %(score)d%%.") % {
                "name": member.student, "score": round((attempt.score or 0) * 100)})
            if submission.unmatched:
                messages.warning(request, _(
                    "%(count)d answers were for questions this attempt did not draw (the quiz draws some questions at "
                    "random), so they were not counted.") % {"count": submission.unmatched})
            following = next((m for m in members if m.student_id not in entered and m.student_id != member.student_id), None)
            url = reverse("teachers:paper", args=[classroom.pk, assignment.pk])
            return redirect(f"{url}?student={following.student_id}" if following else url)
    items = []
    for pq in questions:
        answer = None
        if posted is not None:
            try:
                answer = qdef.answer_from_form(pq.definition, posted.getlist, pq.name)
            except qdef.AnswerError:
                answer = None
        items.append({"q": pq, "error": errors.get(pq.number), "answer": answer,
                      "answer_list": answer if isinstance(answer, list) else [answer] if isinstance(answer, str) else [],
                      "positions": range(1, len(pq.items) + 1)})
    return render(request, "teachers/paper_answers.html", {
        "classroom": classroom, "assignment": assignment, "quiz": quiz, "member": member,
        "students": [(m, entered.get(m.student_id)) for m in members],
        "items": items, "general_error": errors.get("_")}, status=400 if errors else 200)
