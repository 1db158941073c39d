from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from quizzes import api, personal_data  # noqa: F401  (registers the API viewsets and "My data" sections)
