from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# Paths outside i18n_patterns: a 404 there is final, not a cue to retry under /es/.
UNPREFIXED = ("/api/", "/admin/", "/django-admin/", "/documents/", "/images/", "/healthz", "/i18n/", "/static/", "/media/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
