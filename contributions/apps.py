from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Contributions")

    def ready(self):
        from django.conf import settings

        from contributions import personal_data  # noqa: F401  (its section of "My data")

        # wagtail-localize publishes a new translation of a live page at once, still in
        # the source language, when the translator only *starts* it. ALMA keeps it a
        # draft until the translator publishes it from the translation editor (a project
        # setting of the same name still wins).
        if not hasattr(settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE"):
            settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
