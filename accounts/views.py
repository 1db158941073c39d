from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.views.generic import FormView

from accounts.forms import SignupForm
from accounts.landing import landing_url_for
from accounts.models import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Without a ``next``, each role lands on its own page (accounts.landing)."""
        return landing_url_for(self.request.user)


class SignupView(FormView):
    """Self sign-up creates a learner. Teachers, contributors and curators are
    granted their role by a curator (or by a teacher, for students in a class)."""

    template_name = "accounts/signup.html"
    form_class = SignupForm
    success_url = reverse_lazy("login")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("/")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.save(commit=False)
        user.preferred_language = get_language() or ""
        user.save()
        user.groups.add(Group.objects.get(name=Role.LEARNER.value))
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("/")
