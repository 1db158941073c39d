from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Learning progress")

    def ready(self):
        from progress import navigation, overlays, personal_data, receivers  # noqa: F401  (landing and header link, overlays, "My data", receivers)
        from progress.rules import track_quiz_rules
        from quizzes.rules import register_rule_provider

        register_rule_provider(track_quiz_rules)  # the tests a track's certificate rests on (see progress/rules.py)
