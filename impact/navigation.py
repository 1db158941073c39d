"""The public impact dashboard's header link (see accounts/landing.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.landing import NavItem


def impact_link(request):
    url = reverse("impact:dashboard")
    return NavItem(_("Impact"), url, "target", request.path == url)

