"""Teachers's API routes, included under /api/v1/ by the root URLconf (alma/urls.py)."""

from rest_framework.routers import SimpleRouter

from teachers.api import AssignmentViewSet, ClassroomViewSet

router = SimpleRouter()
router.register("classes", ClassroomViewSet, basename="classroom")
router.register("assignments", AssignmentViewSet, basename="assignment")

urlpatterns = router.urls
