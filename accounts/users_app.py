from wagtail.users.apps import WagtailUsersAppConfig


class AlmaUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin (installed in place of ``wagtail.users``), with ALMA's
    user fields (institution, country) on its create and edit forms."""

    user_viewset = "accounts.wagtail_users.UserViewSet"
