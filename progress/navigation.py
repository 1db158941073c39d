"""The learner's landing page and header link: "My learning" (see accounts/landing.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.landing import NavItem, register_landing, register_nav_item


def my_learning_landing(user):
    """Every signed-in person can learn: the fallback landing of any role."""
    return reverse("progress:my-learning")


def my_learning_link(request):
    if not request.user.is_authenticated:
        return None
    url = reverse("progress:my-learning")
    return NavItem(_("My learning"), url, "book", request.path == url)


register_landing(my_learning_landing, priority=0)
register_nav_item(my_learning_link, order=10)
