from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.models import PageViewRestriction


@hooks.register("on_serve_page", order=-1)
def refuse_signed_in_users_outside_the_groups(callback):
    """Wagtail sends everyone who fails a group restriction to the login page;
    a signed-in user is told plainly instead (403), since signing in again
    cannot help them."""

    def inner(page, request, serve_args, serve_kwargs):
        if request.user.is_authenticated:
            for restriction in page.get_view_restrictions():
                if restriction.restriction_type == PageViewRestriction.GROUPS and not restriction.accept_request(request):
                    raise PermissionDenied
        return callback(page, request, serve_args, serve_kwargs)

    return inner
