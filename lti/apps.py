from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    name = "lti"
    verbose_name = _("LTI 1.3 tool")

    def ready(self):
        from lti import personal_data, receivers  # noqa: F401  ("My data" sections; quiz-submitted and other receivers)
