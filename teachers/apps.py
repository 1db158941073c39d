from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeachersConfig(AppConfig):
    name = "teachers"
    verbose_name = _("Classes and assignments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from teachers import api, overlays  # noqa: F401  (register API viewsets and the home overlay)
