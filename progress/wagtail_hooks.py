"""How progress plugs into Wagtail and into the other apps' pages."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.landing import LANDING_HOOK, NAV_ITEM_HOOK
from alma.overlays import hook_name as overlay
from progress import navigation, overlays
from progress.admin_views import CertificateViewSet, LrsEndpointForm, revoke_view, signing_keys_view
from progress.models import LrsEndpoint
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


class LrsEndpointViewSet(SnippetViewSet):
    """Settings → Learning Record Stores (administrators only: nobody else holds its permissions)."""

    model = LrsEndpoint
    icon = "link-external"
    add_to_settings_menu = True
    list_display = ["name", "url", "enabled", Column("pending", label=_("statements waiting")), "last_sent_at", "last_error"]
    edit_handler = ObjectList([FieldPanel(name) for name in ("name", "url", "enabled", "auth", "username", "password",
                                                             "token_url", "scope", "batch_size")],
                              base_form_class=LrsEndpointForm)


register_snippet(LrsEndpointViewSet)


@hooks.register("register_permissions")
def school_records_permission():
    """"Can send school records" among a group's permissions (Settings → Groups), for the account of a school
    server that sends its records here (docs/offline.md)."""
    return Permission.objects.filter(content_type__app_label="progress", codename="send_school_records")
