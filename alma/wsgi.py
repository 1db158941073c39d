import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alma.settings.dev")
application = get_wsgi_application()

if os.environ["DJANGO_SETTINGS_MODULE"].endswith(".production") and os.environ.get("ALMA_CHECK_SERVICES", "true") != "false":
    # A missing or unreachable service stops the app server at start-up with a plain message.
    from alma import services

    services.check_or_fail()
