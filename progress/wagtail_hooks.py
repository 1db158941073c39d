"""How progress plugs into Wagtail and into the other apps' pages."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.landing import LANDING_HOOK, NAV_ITEM_HOOK
from alma.overlays import hook_name as overlay
from progress import navigation, overlays
from progress.admin_views import CertificateViewSet, revoke_view, signing_keys_view
from progress.rules import track_quiz_rules
from quizzes.rules import RULES_HOOK

# What progress adds to other apps' pages: the learner's own state, "My learning",
# and the rules of the quizzes a track's certificate rests on.
hooks.register(overlay("module-header"), overlays.module_progress)
hooks.register(overlay("track-header"), overlays.track_progress)
hooks.register(overlay("lesson-end"), overlays.lesson_completion)
hooks.register(overlay("lesson-status"), overlays.lesson_tick)
hooks.register(overlay("quiz-header"), overlays.quiz_result)
hooks.register(overlay("home"), overlays.continue_learning)
hooks.register(LANDING_HOOK, navigation.my_learning_landing, order=100)  # every learner: the fallback
hooks.register(NAV_ITEM_HOOK, navigation.my_learning_link, order=10)
hooks.register(RULES_HOOK, track_quiz_rules)


certificate_viewset = CertificateViewSet()


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return certificate_viewset


@hooks.register("register_admin_urls")
def register_revoke_url():
    return [path("certificates/revoke/<uuid:pk>/", revoke_view, name="progress_certificate_revoke"),
            path("certificates/signing-keys/", signing_keys_view, name="progress_signing_keys")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_signing_keys_menu_item():
    return SuperuserMenuItem(_("Signing keys"), reverse_lazy("progress_signing_keys"), icon_name="key", order=900)

