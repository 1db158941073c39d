"""``check --deploy``: learning records must name the site's public address."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


def _loopback(host: str) -> bool:
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.security, deploy=True)
def base_url_is_public(app_configs=None, **kwargs):
    url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if _loopback(urlsplit(url).hostname or ""):
        return [Error(f"The base URL is {url!r}: xAPI statements sent to an LRS and certificates would name a "
                      "loopback address.", hint="Set ALMA_BASE_URL to the site's public address, e.g. https://aula.example.org.",
                      id="progress.E001")]
    return []
