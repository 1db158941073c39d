"""The learner's landing page and header link: "My learning" (see accounts/landing.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.landing import NavItem


def my_learning_landing(user):
    """Every signed-in person can learn: the fallback landing of any role."""
    return reverse("progress:my-learning")


def my_learning_link(request):
    if not request.user.is_authenticated:
        return None
    url = reverse("progress:my-learning")
    return NavItem(_("My learning"), url, "book", request.path == url)

