from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.response import Response

from impact.views import cached_figures



class ImpactViewSet(viewsets.ViewSet):
    """Aggregated, anonymous impact figures; groups under 10 learners are withheld."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: dict})
    def list(self, request, format=None):
        return Response(cached_figures())
