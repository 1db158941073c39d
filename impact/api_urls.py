"""Impact's API routes, included under /api/v1/ by the root URLconf (alma/urls.py)."""

from rest_framework.routers import SimpleRouter

from impact.api import ImpactViewSet

router = SimpleRouter()
router.register("impact", ImpactViewSet, basename="impact")

urlpatterns = router.urls
