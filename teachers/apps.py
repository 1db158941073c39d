from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeachersConfig(AppConfig):
    name = "teachers"
    verbose_name = _("Classes and assignments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from quizzes.rules import register_rule_provider
        from teachers import navigation, overlays, personal_data, roster  # noqa: F401  (landing and header links, home overlay, "My data" sections, one-time password sign-in)
        from teachers.rules import quiz_rules

        register_rule_provider(quiz_rules)  # a class assignment's quiz rules (see teachers/rules.py)
