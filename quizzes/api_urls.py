"""Quizzes's API routes, included under /api/v1/ by the root URLconf (alma/urls.py)."""

from rest_framework.routers import SimpleRouter

from quizzes.api import AttemptViewSet, MasteryViewSet, QuizViewSet

router = SimpleRouter()
router.register("quizzes", QuizViewSet, basename="quiz")
router.register("me/quiz-attempts", AttemptViewSet, basename="my-quiz-attempt")
router.register("me/mastery", MasteryViewSet, basename="my-mastery")

urlpatterns = router.urls
