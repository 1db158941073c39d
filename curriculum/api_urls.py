"""Curriculum's API routes, included under /api/v1/ by the root URLconf (alma/urls.py)."""

from rest_framework.routers import SimpleRouter

from curriculum.api import CasePackageViewSet, LearningOutcomeViewSet, LevelViewSet, MineralViewSet, ModuleViewSet, ThemeViewSet

router = SimpleRouter()
router.register("levels", LevelViewSet, basename="level")
router.register("themes", ThemeViewSet, basename="theme")
router.register("minerals", MineralViewSet, basename="mineral")
router.register("outcomes", LearningOutcomeViewSet, basename="outcome")
router.register("modules", ModuleViewSet, basename="module")

router.register("case", CasePackageViewSet, basename="case")

urlpatterns = router.urls
