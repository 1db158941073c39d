from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Learning progress")

    def ready(self):
        from progress import checks, personal_data, receivers  # noqa: F401  (deploy check, "My data", receivers)
        from progress.badges import contexts  # noqa: F401  (its deploy check)
