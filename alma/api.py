"""The REST API under /api/v1/: the shared pieces every app's ``api.py`` uses, and its URLs.

Each app lists its routes in its own ``api_urls.py``; the root URLconf passes
those modules to ``api_urlpatterns``, so this module never imports an upper layer.
"""

from django.urls import include, path
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.routers import APIRootView
from rest_framework.urlpatterns import format_suffix_patterns
from wagtail.models import Locale

def requested_locale(request) -> Locale:
    """The locale named by ``?locale=``, else the active language's.

    An unknown code is a 400 that says which codes exist, never a silent fallback.
    """
    code = request.query_params.get("locale") if hasattr(request, "query_params") else None
    if code:
        try:
            return Locale.objects.get(language_code=code)
        except Locale.DoesNotExist:
            known = ", ".join(Locale.objects.order_by("language_code").values_list("language_code", flat=True))
            raise ValidationError({"locale": f"Unknown locale '{code[:20]}'. Known locales: {known}."})
    return Locale.get_active()


class LocalizedViewSetMixin:
    """Filter a translatable model's queryset by ``?locale=`` and activate that language."""

    def get_queryset(self):
        return self.localize(super().get_queryset())

    def localize(self, queryset):
        locale = requested_locale(self.request)
        translation.activate(locale.language_code)
        return queryset.filter(locale=locale)


# The largest id each kind of row can have: Wagtail's pages use a 32-bit AutoField, our models BigAutoField.
# Ids outside the column's range must be a 400, not an overflow in the database driver.
PAGE_ID_MAX = 2**31 - 1
BIG_ID_MAX = 2**63 - 1


class ObjectIdField(serializers.IntegerField):
    """The id of an object named in a request body: a positive integer the id column can hold."""

    def __init__(self, *, max_value=BIG_ID_MAX, **kwargs):
        super().__init__(min_value=1, max_value=max_value, **kwargs)


class LocaleField(serializers.CharField):
    def to_representation(self, value):
        return value.language_code


def public_api_only(endpoints, **kwargs):
    """drf-spectacular hook: document /api/v1/ only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def api_urlpatterns(app_urlconfs) -> list:
    """The schema, the docs, the API's root listing every app's collections, and each app's routes.

    ``app_urlconfs``: the apps' ``api_urls`` modules, each with its ``router``. As DRF's DefaultRouter
    did, every route also answers with a format suffix (``/api/v1/levels.json``).
    """
    root = {prefix: f"{basename}-list" for urlconf in app_urlconfs for prefix, _viewset, basename in urlconf.router.registry}
    return [
        path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
        path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
        path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
        *format_suffix_patterns([*(path("", include(urlconf)) for urlconf in app_urlconfs),
                                 path("", APIRootView.as_view(api_root_dict=root), name="api-root")]),
    ]
