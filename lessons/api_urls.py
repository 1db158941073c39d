"""Lessons's API routes, included under /api/v1/ by the root URLconf (alma/urls.py)."""

from rest_framework.routers import SimpleRouter

from lessons.api import GlossaryViewSet, LessonViewSet

router = SimpleRouter()
router.register("lessons", LessonViewSet, basename="lesson")
router.register("glossary", GlossaryViewSet, basename="glossary")

urlpatterns = router.urls
