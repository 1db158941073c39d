"""Wagtail's user create/edit screens with the fields ALMA adds to a user:
the institution a contributor writes for and their country.

Installed by ``accounts.apps.AlmaUsersAppConfig`` in place of ``wagtail.users``
(Wagtail's documented way to customise the user forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.models import Institution, User

ALMA_USER_FIELDS = ("display_name", "institution", "country")


class AlmaUserFields(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.order_by("name")
        self.fields["institution"].help_text = _(
            "Contributors upload and edit the modules of this institution only.")


class AlmaUserCreationForm(AlmaUserFields, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = UserCreationForm.Meta.fields | set(ALMA_USER_FIELDS)


class AlmaUserEditForm(AlmaUserFields, UserEditForm):
    class Meta(UserEditForm.Meta):
        model = User
        fields = UserEditForm.Meta.fields | set(ALMA_USER_FIELDS)


class UserViewSet(WagtailUserViewSet):
    template_prefix = "accounts/wagtailusers/"

    def get_form_class(self, for_update=False):
        return AlmaUserEditForm if for_update else AlmaUserCreationForm
