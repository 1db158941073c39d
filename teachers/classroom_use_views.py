"""A teacher using a lesson in the classroom: on the projector, as printed worksheets with their
answer key, and the paper answers typed back in. Changes when classroom use does (its logic is
teachers/classroom_use.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lessons.models import LessonPage
from quizzes import definition as qdef
from quizzes.models import QuizPage
from teachers import classroom_use
from teachers.models import Assignment
from teachers.views import taught_classroom


def _page_for_key(classroom, key, *models):
    """The live page with this translation_key, in the class's language when it exists (else any language)."""
    for model in models:
        pages = list(model.objects.live().filter(translation_key=key).select_related("locale"))
        if pages:
            return next((p for p in pages if p.locale.language_code == classroom.language), pages[0])
    raise Http404


def _in_page_language(page):
    return translation.override(page.locale.language_code)


@login_required
@never_cache
def present(request, pk, key):
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
    classroom = taught_classroom(request, pk)
    chosen = request.GET.get("lesson", "")
    lesson = LessonPage.objects.live().filter(pk=int(chosen) if chosen.isdigit() else 0).first()
    if lesson is None:
        raise Http404
    return redirect("teachers:present", classroom.pk, lesson.translation_key)


def _worksheet_context(request, pk, key):
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
