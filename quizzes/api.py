"""Quizzes in the REST API (/api/v1/…), with the same answer-key rules as the pages.

* ``GET  quizzes/`` and ``quizzes/{id}/`` — live quizzes in ``?locale=``, with their rules.
* ``POST quizzes/{id}/attempts/`` — start (201) or resume (200) the learner's attempt.
* ``GET  me/quiz-attempts/`` and ``me/quiz-attempts/{id}/`` — the learner's own attempts only (others are 404).
* ``POST me/quiz-attempts/{id}/answers/`` — ``{"answers": {"1": "c0ffee12", "3": "480 t"}}``; all or nothing.
* ``POST me/quiz-attempts/{id}/submit/`` — optional ``answers`` too; idempotent (a retry returns the same result).
* ``GET  me/quiz-attempts/{id}/results/`` — score, per-question review (as the rules allow), per-outcome score and mastery.
* ``GET  me/mastery/`` — the learner's own mastery per outcome code.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alma.api import LocaleField, LocalizedViewSetMixin
from quizzes import attempts as quiz_attempts
from quizzes import definition as qdef
from quizzes import mastery_records
from quizzes import review as quiz_review
from quizzes.mastery import level as mastery_level
from quizzes.models import Attempt, OutcomeMastery, QuizPage


class QuizSerializer(serializers.ModelSerializer):
    locale = LocaleField()
    url = serializers.SerializerMethodField()
    module = serializers.IntegerField(source="get_parent.pk", read_only=True)
    question_count = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()

    class Meta:
        model = QuizPage
        fields = ["id", "slug", "title", "intro", "locale", "translation_key", "url", "module", "question_count", "rules"]

    def get_url(self, obj) -> str:
        return obj.get_url(request=self.context.get("request"))

    def get_question_count(self, obj) -> int:
        return obj.question_count()

    def get_rules(self, obj) -> dict:
        return obj.rules()


class QuizViewSet(LocalizedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Live, public quizzes."""

    serializer_class = QuizSerializer
    queryset = QuizPage.objects.none()  # for the schema; get_queryset builds the real one

    def get_queryset(self):
        self.queryset = QuizPage.objects.live().public().select_related("locale").prefetch_related("slots").order_by("path")
        return super().get_queryset()

    @extend_schema(request=None, responses={200: dict, 201: dict})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def attempts(self, request, pk=None, format=None):
        """Start an attempt, or resume the open one."""
        quiz = self.get_object()
        try:
            attempt, created = quiz_attempts.start_attempt(quiz, request.user)
        except quiz_attempts.QuizError as error:
            return Response({"detail": str(error)}, status=error.status)
        return Response(attempt_data(attempt), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _question_data(aq, review) -> dict:
    definition = aq.version.definition
    data = qdef.public_view(definition, aq.order)
    data.update(position=aq.position, points=aq.max_points, answer=aq.answer, locked=aq.locked)
    allowed = quiz_review.question_review(aq, review)
    if allowed["show_marks"] and aq.points is not None:
        data.update(score=aq.points, correct=aq.correct)
        if allowed.get("gap_marks"):  # cloze: the share earned in each gap
            data["gap_scores"] = [share for _n, share in allowed["gap_marks"]]
    if allowed["show_feedback"]:
        data.update(feedback=allowed["feedback"], general_feedback=allowed["general_feedback"])
    if allowed["show_answers"]:
        data["correct_answers"] = allowed["correct_answers"]
    return data


def attempt_data(attempt: Attempt, *, questions=None, results=False) -> dict:
    questions = questions if questions is not None else quiz_attempts.attempt_questions(attempt)
    review = quiz_review.review_rules(attempt)
    data = {
        "id": attempt.pk, "quiz": attempt.quiz_id, "quiz_key": str(attempt.quiz_key), "number": attempt.number,
        "state": attempt.state, "started_at": attempt.started_at, "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at, "rules": attempt.rules,
        "questions": [_question_data(aq, review) for aq in questions],
    }
    if review["marks"]:
        data.update(points=attempt.points, max_points=attempt.max_points, score=attempt.score, passed=attempt.passed,
                    timed_out=attempt.timed_out)
    if results:
        scores = quiz_review.outcome_scores(questions)
        mastery = mastery_records.mastery_for([attempt.user_id], [s["code"] for s in scores])[attempt.user_id]
        for s in scores:
            m = mastery[s["code"]]
            s["mastery"] = {"mastered": m.mastered, "level": m.level, "responses": m.responses}
        data["outcomes"] = scores
        data["review"] = {k: review[k] for k in ("marks", "feedback", "answers")}
    return data


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.JSONField(allow_null=True), allow_empty=True, required=False)


class AttemptListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attempt
        fields = ["id", "quiz", "quiz_key", "number", "state", "started_at", "deadline", "submitted_at", "score", "passed"]


class AttemptViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in learner's own attempts. Another learner's attempt is "not found"."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AttemptListSerializer
    queryset = Attempt.objects.none()  # for the schema

    def get_queryset(self):
        return Attempt.objects.filter(user=self.request.user).order_by("-started_at")

    def _attempt(self, pk) -> Attempt:
        attempt = self.get_object()
        quiz_attempts.close_if_overdue(attempt)
        return attempt

    @extend_schema(responses=dict)
    def retrieve(self, request, pk=None, format=None):
        return Response(attempt_data(self._attempt(pk)))

    @extend_schema(request=AnswersSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None, format=None):
        attempt = self._attempt(pk)
        payload = AnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            quiz_attempts.save_answers(attempt, payload.validated_data.get("answers") or {})
        except quiz_attempts.AnswersRejected as error:
            return Response({"answers": error.errors, "detail": _("Nothing was saved.")}, status=400)
        except quiz_attempts.AttemptClosed as error:
            return Response({"detail": str(error)}, status=409)
        return Response(attempt_data(attempt))

    @extend_schema(request=AnswersSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, format=None):
        attempt = self._attempt(pk)
        payload = AnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            attempt, _newly = quiz_attempts.submit_attempt(
                attempt, answers=payload.validated_data.get("answers") or None)
        except quiz_attempts.AnswersRejected as error:
            return Response({"answers": error.errors, "detail": _("Nothing was saved.")}, status=400)
        return Response(attempt_data(attempt, results=True))

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None, format=None):
        attempt = self._attempt(pk)
        if attempt.is_open:
            return Response({"detail": _("This attempt is not submitted yet.")}, status=409)
        return Response(attempt_data(attempt, results=True))


class MasterySerializer(serializers.ModelSerializer):
    level = serializers.SerializerMethodField()

    class Meta:
        model = OutcomeMastery
        fields = ["outcome_code", "mastered", "level", "responses", "correct", "mastered_at", "updated_at"]

    def get_level(self, obj) -> float:
        return mastery_level(obj.recent or [])


class MasteryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in learner's mastery per learning outcome (rule: 4 of the last 5 answers fully right)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MasterySerializer
    queryset = OutcomeMastery.objects.none()  # for the schema

    def get_queryset(self):
        return OutcomeMastery.objects.filter(user=self.request.user).order_by("outcome_code")
