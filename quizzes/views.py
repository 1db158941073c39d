"""The learner's screens of a quiz, routed by QuizPage (RoutablePageMixin).

Every screen works without JavaScript: answers are a normal form POST (per page
of questions, or all on one page), "Save", "Previous", "Next" and "Finish"
are submit buttons. Nothing on these pages holds an answer key before the
review rules copied onto the attempt allow it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_datetime
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import patch_cache_control
from wagtail import hooks

from alma.i18n import localized_list
from alma.personal import is_rendering_shared, share_rendering
from curriculum.models import LearningOutcome
from quizzes import attempts as quiz_attempts
from quizzes import definition as qdef
from quizzes import mastery_records, paging
from quizzes import review as quiz_review
from quizzes.rules import resolve
from quizzes.models import Attempt


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _login(request):
    return redirect_to_login(request.get_full_path())


def _own_attempt(request, quiz, attempt_id) -> Attempt:
    attempt = Attempt.objects.filter(pk=attempt_id, quiz=quiz, user=request.user).first()
    if attempt is None:  # someone else's attempt is "not found", not "forbidden"
        raise Http404
    return attempt


def learner_context(request, quiz) -> dict:
    """The start page's personal part: the rules this learner will follow (a class
    assignment may override the quiz's), their attempts and what they may do next."""
    resolved = resolve(quiz, request.user)
    rules = resolved.rules
    context = {
        "question_count": quiz.question_count(),
        "rules": {**rules, "due_at": parse_datetime(rules["due_at"]) if rules.get("due_at") else None},
    }
    if request.user.is_authenticated:
        attempts = list(Attempt.objects.filter(quiz=quiz, user=request.user).order_by("number"))
        open_attempt = next((a for a in attempts if a.is_open), None)
        if open_attempt and quiz_attempts.close_if_overdue(open_attempt):
            open_attempt = None
        context.update(
            attempts=attempts,
            open_attempt=open_attempt,
            attempts_left=quiz_attempts.attempts_left(quiz, request.user, resolved),
        )
    return context


def quiz_index(request, quiz):
    share_rendering(request, quiz)
    context = quiz.get_context(request)
    if not is_rendering_shared(request):  # else the personal part is filled from learner_context
        context.update(learner_context(request, quiz))
    response = TemplateResponse(request, "quizzes/quiz_page.html", context)
    return _private(response) if request.user.is_authenticated else response


def start(request, quiz):
    if not request.user.is_authenticated:
        return _login(request)
    if request.method != "POST":
        return HttpResponseRedirect(quiz.url)
    try:
        attempt, created = quiz_attempts.start_attempt(quiz, request.user)
    except quiz_attempts.QuizError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(quiz.url)
    if not created:
        messages.info(request, _("You are back in your attempt where you left it."))
    return HttpResponseRedirect(quiz.attempt_url(attempt))


def _question_context(aq, review, errors=None, posted=None):
    definition = aq.version.definition
    answer = aq.answer if posted is None else posted
    ctx = {
        "aq": aq,
        "position": aq.position,
        "name": f"q{aq.position}",
        "view": qdef.public_view(definition, aq.order),
        "answer": answer,
        "answer_list": answer if isinstance(answer, list) else [answer] if isinstance(answer, str) else [],
        "error": (errors or {}).get(str(aq.position)),
        "review": quiz_review.question_review(aq, review),
        "image": aq.version.image,
        "image_alt": aq.version.image_alt,
    }
    if definition.get("type") == "ordering":
        current = answer if isinstance(answer, list) else aq.order
        positions = {iid: n for n, iid in enumerate(current, 1)}
        ctx["items"] = [dict(item, position=positions.get(item["id"])) for item in ctx["view"]["items"]]
        ctx["item_positions"] = range(1, len(current) + 1)
    if definition.get("type") == "matching":
        chosen = answer if isinstance(answer, dict) else {}
        ctx["prompts"] = [dict(p, chosen=chosen.get(p["id"], "")) for p in ctx["view"]["prompts"]]
    return ctx


def attempt(request, quiz, attempt_id):
    if not request.user.is_authenticated:
        return _login(request)
    attempt = _own_attempt(request, quiz, attempt_id)
    results_url = quiz.attempt_url(attempt, "results_route")
    autosave = request.method == "POST" and request.headers.get("X-Alma-Autosave") == "1"
    if quiz_attempts.close_if_overdue(attempt):
        if autosave:
            return JsonResponse({"closed": True, "url": results_url}, status=409)
        if attempt.timed_out:
            messages.warning(request, _("The time is up: your attempt was submitted with the answers you had saved."))
        return HttpResponseRedirect(results_url)
    questions = quiz_attempts.attempt_questions(attempt)
    pages = paging.paginate(questions, attempt.rules.get("questions_per_page"))
    requested = request.POST.get("page") or request.GET.get("page")
    try:
        page_number = min(max(int(requested), 1), len(pages)) if requested else paging.resume_page(pages)
    except ValueError:
        page_number = 1
    errors, posted = {}, {}
    status = 200
    if request.method == "POST":
        raw = {}
        for aq in pages[page_number - 1]:
            try:
                raw[aq.position] = qdef.answer_from_form(aq.version.definition, request.POST.getlist, f"q{aq.position}")
            except qdef.AnswerError as error:
                errors[str(aq.position)] = _(str(error))
        if not errors:
            try:
                saved = quiz_attempts.save_answers(attempt, raw)
            except quiz_attempts.AttemptClosed as error:
                if autosave:
                    return JsonResponse({"closed": True, "message": str(error), "url": results_url}, status=409)
                messages.warning(request, str(error))
                return HttpResponseRedirect(results_url)
            except quiz_attempts.AnswersRejected as error:
                errors = error.errors
        if autosave:  # saved in the background as the learner answers: no redirect, no message
            if errors:
                return JsonResponse({"errors": errors}, status=400)
            return JsonResponse({"answered": sum(1 for aq in saved if aq.answer is not None), "total": len(saved)})
        if errors:
            posted = raw
            status = 400
        else:
            action = request.POST.get("action", "save")
            if action == "finish":
                return HttpResponseRedirect(quiz.attempt_url(attempt, "submit_route"))
            target = page_number + (1 if action == "next" else -1 if action == "previous" else 0)
            target = min(max(target, 1), len(pages))
            if action == "save":
                messages.success(request, _("Your answers are saved. You can leave and come back later."))
            return HttpResponseRedirect(f"{quiz.attempt_url(attempt)}?page={target}")
    review = quiz_review.review_rules(attempt)
    context = quiz.get_context(request)
    context.update(
        attempt=attempt,
        page_number=page_number,
        page_count=len(pages),
        question_count=len(questions),
        answered_count=sum(1 for aq in questions if aq.answer is not None),
        items=[_question_context(aq, review, errors, posted.get(aq.position) if posted else None)
               for aq in pages[page_number - 1]],
        errors=errors,
        seconds_left=max(0, int((attempt.deadline - timezone.now()).total_seconds())) if attempt.deadline else None,
    )
    return _private(TemplateResponse(request, "quizzes/attempt.html", context, status=status))


def submit(request, quiz, attempt_id):
    if not request.user.is_authenticated:
        return _login(request)
    if request.method == "POST":  # the attempt is read once, under the submit's lock
        try:
            attempt, newly = quiz_attempts.submit_attempt(Attempt(pk=attempt_id, user=request.user, quiz=quiz))
        except Attempt.DoesNotExist:
            raise Http404 from None
        if newly:
            messages.success(request, _("Your attempt is submitted."))
        return HttpResponseRedirect(quiz.attempt_url(attempt, "results_route"))
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    attempt = _own_attempt(request, quiz, attempt_id)
    results_url = quiz.attempt_url(attempt, "results_route")
    if quiz_attempts.close_if_overdue(attempt) or not attempt.is_open:
        return HttpResponseRedirect(results_url)
    questions = quiz_attempts.attempt_questions(attempt)
    per_page = paging.page_size(len(questions), attempt.rules.get("questions_per_page"))
    context = quiz.get_context(request)
    context.update(
        attempt=attempt,
        question_count=len(questions),
        unanswered=[{"position": aq.position, "page": (aq.position - 1) // per_page + 1}
                    for aq in questions if aq.answer is None],
    )
    return _private(TemplateResponse(request, "quizzes/submit.html", context))


def results(request, quiz, attempt_id):
    if not request.user.is_authenticated:
        return _login(request)
    attempt = _own_attempt(request, quiz, attempt_id)
    quiz_attempts.close_if_overdue(attempt)
    if attempt.is_open:
        return HttpResponseRedirect(quiz.attempt_url(attempt))
    questions = quiz_attempts.attempt_questions(attempt)
    review = quiz_review.review_rules(attempt)
    scores = quiz_review.outcome_scores(questions)
    codes = [s["code"] for s in scores]
    outcomes = {o.code: o for o in localized_list(LearningOutcome.objects.filter(code__in=codes).order_by("locale_id"),
                                                  quiz.locale)}
    mastery = mastery_records.mastery_for([request.user.pk], codes)[request.user.pk]
    for s in scores:
        s["outcome"] = outcomes.get(s["code"])
        s["mastery"] = mastery.get(s["code"])
    items = []
    for aq in questions:
        ctx = _question_context(aq, review)
        ctx["answer_words"] = quiz_review.translate_words(aq.version.definition,
                                                       qdef.answer_text(aq.version.definition, aq.answer))
        items.append(ctx)
    weak = [s for s in scores if s["fraction"] * 100 < float(attempt.rules.get("pass_mark", 0))]
    lessons = {}
    for func in hooks.get_hooks("alma_lessons_for_outcomes"):  # the lessons layer knows which lessons teach what
        lessons.update(func(quiz, [s["code"] for s in weak]))
    for s in weak:
        s["lessons"] = lessons.get(s["code"], [])
    context = quiz.get_context(request)
    context.update(attempt=attempt, review=review, items=items, outcome_scores=scores, weak_outcomes=weak,
                   right_count=sum(1 for aq in questions if aq.correct), question_count=len(questions),
                   can_retry=quiz_attempts.attempts_left(quiz, request.user) != 0)
    return _private(TemplateResponse(request, "quizzes/results.html", context))
