from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.views.generic import FormView

from accounts.forms import SignupForm
from accounts.landing import landing_url_for, safe_next
from accounts.models import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Without a ``next`` address, each role lands on the page of its day."""
        return landing_url_for(self.request.user)


class SignupView(FormView):
    """Self sign-up creates a learner. Teachers, contributors and curators are
    granted their role by a curator (or by a teacher, for students in a class)."""

    template_name = "accounts/signup.html"
    form_class = SignupForm
    success_url = reverse_lazy("login")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(landing_url_for(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = safe_next(self.request, self.request.POST.get("next") or self.request.GET.get("next")) or ""
        return context

    def form_valid(self, form):
        user = form.save(commit=False)
        user.preferred_language = get_language() or ""
        user.save()
        user.groups.add(Group.objects.get(name=Role.LEARNER.value))
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = safe_next(self.request, self.request.POST.get("next") or self.request.GET.get("next"))
        return redirect(next_url or landing_url_for(user))
