from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignupForm(UserCreationForm):
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email", "country")
