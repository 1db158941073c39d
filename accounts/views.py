from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts.forms import SignupForm
from accounts.landing import landing_url_for, safe_next
from accounts.models import Role
from accounts.throttle import SIGNUPS_PER_ADDRESS, client_ip


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Without a ``next`` address, each role lands on the page of its day."""
        return landing_url_for(self.request.user)

    def get_context_data(self, **kwargs):
        """The sign-up link keeps ``next`` (a class's join link with its code, for one)."""
        context = super().get_context_data(**kwargs)
        next_url = safe_next(self.request, context.get(self.redirect_field_name))
        context["signup_url"] = reverse("signup") + (f"?{urlencode({'next': next_url})}" if next_url else "")
        return context


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers (site and Wagtail admin) while a username is locked
    from this address: when to try again, with HTTP 429."""
    minutes = max(1, int(get_cool_off(request).total_seconds() // 60))
    message = ngettext(
        "Too many wrong passwords for this account. Signing in to it from here is paused: try again in %(minutes)d "
        "minute, or ask your teacher to reset your password.",
        "Too many wrong passwords for this account. Signing in to it from here is paused: try again in %(minutes)d "
        "minutes, or ask your teacher to reset your password.",
        minutes) % {"minutes": minutes}
    # Rendered now: AxesMiddleware swaps it in after the template-response phase.
    return render(request, "accounts/locked_out.html", {"message": message}, status=settings.AXES_HTTP_RESPONSE_CODE)


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

    def post(self, request, *args, **kwargs):
        if SIGNUPS_PER_ADDRESS.reached(client_ip(request)):
            message = _("Too many accounts were created from your network in the last hour (the limit is %(limit)d). "
                        "Try again in an hour, or ask your teacher to create your account.") % {
                "limit": SIGNUPS_PER_ADDRESS.limit}
            return self.render_to_response(self.get_context_data(form=self.form_class(), throttled=message), status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = safe_next(self.request, self.request.POST.get("next") or self.request.GET.get("next")) or ""
        return context

    def form_valid(self, form):
        user = form.save(commit=False)
        user.preferred_language = get_language() or ""
        user.save()
        user.groups.add(Group.objects.get(name=Role.LEARNER.value))
        SIGNUPS_PER_ADDRESS.count(client_ip(self.request))
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = safe_next(self.request, self.request.POST.get("next") or self.request.GET.get("next"))
        return redirect(next_url or landing_url_for(user))
