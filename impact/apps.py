from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "impact"
    verbose_name = _("Impact")

    def ready(self):
        from django.db.models.signals import post_migrate

        from impact.models import sync_researcher_group

        post_migrate.connect(sync_researcher_group, sender=self, dispatch_uid="alma-impact-researcher-group")
