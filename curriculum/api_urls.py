"""Curriculum's API routes, included under /api/v1/ by the root URLconf (alma/urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from curriculum.api import CasePackageView, LearningOutcomeViewSet, LevelViewSet, MineralViewSet, ModuleViewSet, ThemeViewSet

router = SimpleRouter()
router.register("levels", LevelViewSet, basename="level")
router.register("themes", ThemeViewSet, basename="theme")
router.register("minerals", MineralViewSet, basename="mineral")
router.register("outcomes", LearningOutcomeViewSet, basename="outcome")
router.register("modules", ModuleViewSet, basename="module")

urlpatterns = router.urls + [path("case/", CasePackageView.as_view(), name="case-package")]
