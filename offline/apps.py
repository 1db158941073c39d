from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineConfig(AppConfig):
    """Study without a connection: the installable web app, modules stored on a device (docs/offline.md)."""

    name = "offline"
    verbose_name = _("Offline")
    default_auto_field = "django.db.models.BigAutoField"
