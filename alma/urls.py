from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from accounts import views as account_views
from alma import data_saver
from alma import views as alma_views
from alma.api import api_urlpatterns
from alma.page_cache import cached
from alma.page_routes import routed
from curriculum import api_urls as curriculum_api
from impact import api_urls as impact_api
from lessons import api_urls as lessons_api
from lessons import views as lesson_views
from offline import pwa_views
from progress import api_urls as progress_api
from quizzes import api_urls as quizzes_api
from teachers import api_urls as teachers_api

# Each app's API routes, in the order the API's root lists them.
API_URLCONFS = [curriculum_api, quizzes_api, lessons_api, progress_api, impact_api, teachers_api]

urlpatterns = [
    path("healthz", alma_views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(), name="wagtailimages_serve"),
    path("api/v1/", include(api_urlpatterns(API_URLCONFS))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("data-saver/", data_saver.toggle, name="data-saver"),
    # Open Badges 3.0 JSON (issuer profile and keys, achievements, status lists): one address for every language.
    path("ob/", include("progress.badge_urls")),
    path("lti/", include("lti.urls")),  # fixed, unprefixed URLs an LMS registers (docs/lti.md)
    # The installable web app: at the root, so that the service worker's scope is the whole site (docs/offline.md).
    path("manifest.webmanifest", pwa_views.web_manifest, name="web-manifest"),
    path("sw.js", pwa_views.service_worker, name="service-worker"),
    path("offline/", include("offline.urls")),  # the offline draw and sync API, one address for every language
]

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("search/", cached(lesson_views.search), name="search"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    # Wagtail reverses this name when a private page needs a sign-in.
    path("accounts/login/", account_views.LoginView.as_view(), name="wagtailcore_login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", account_views.SignupView.as_view(), name="signup"),
    path("", include("progress.urls")),
    path("datasets/", include("datasets.urls")),
    path("impact/", include("impact.urls")),
    path("", include("teachers.urls")),
    path("", include("contributions.urls")),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page tree, last: anything not matched above is a page path.
    re_path(r"^((?:[\w\-]+/)*)$", cached(routed(wagtail_views.serve)), name="wagtail_serve"),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

