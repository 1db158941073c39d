from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Contributions")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_save, pre_save
        from wagtail.signals import workflow_approved

        from accounts.models import Institution
        from contributions.institutions import on_institution_saved
        from contributions.review import publish_reviewed_unit, refuse_unreviewed_publication

        post_save.connect(on_institution_saved, sender=Institution, dispatch_uid="alma-institution-collection")
        pre_save.connect(refuse_unreviewed_publication, dispatch_uid="alma-refuse-unreviewed-publication")
        workflow_approved.connect(publish_reviewed_unit, dispatch_uid="alma-publish-reviewed-unit")

        from contributions import personal_data  # noqa: F401  (its section of "My data")

        # wagtail-localize publishes a new translation of a live page at once, still in
        # the source language, when the translator only *starts* it. ALMA keeps it a
        # draft until the translator publishes it from the translation editor (a project
        # setting of the same name still wins).
        if not hasattr(settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE"):
            settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
