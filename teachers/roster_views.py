"""Pages of the one-time passwords: the login cards, a student choosing their own password, a teacher
resetting one (see teachers/roster.py)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.landing import landing_url_for
from teachers import roster
from teachers.forms import RosterForm, StudentForm
from teachers.views import taught_classroom


def sign_in_url(request, classroom) -> str:
    """The address on the cards, in the class's language."""
    with translation.override(classroom.language or translation.get_language()):
        return request.build_absolute_uri(reverse("login"))


def login_cards(request, classroom, created, errors=(), *, reset=False):
    """The cards of the passwords just generated: rendered once, never stored, never cached."""
    response = render(request, "teachers/accounts_created.html", {
        "classroom": classroom, "created": created, "errors": list(errors), "reset": reset,
        "sign_in_url": sign_in_url(request, classroom)}, status=400 if errors else 200)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def create_student(request, pk):
    classroom = taught_classroom(request, pk)
    form = StudentForm(request.POST)
    created, errors = [], []
    if form.is_valid():
        try:
            created = [roster.create_student(classroom, **form.cleaned_data, issued_by=request.user)]
        except ValueError as error:
            errors = [(None, str(error))]
    else:
        errors = [(None, f"{form[name].label}: {e[0]}") for name, e in form.errors.items()]
    return login_cards(request, classroom, created, errors)


@login_required
@require_POST
def upload_roster(request, pk):
    classroom = taught_classroom(request, pk)
    form = RosterForm(request.POST, request.FILES)
    created, errors = [], []
    if not form.is_valid():
        errors = [(None, _("Choose a CSV file to upload."))]
    elif form.cleaned_data["roster"].size > 512 * 1024:
        errors = [(None, _("The file is larger than 512 KB: split the roster into several files."))]
    else:
        try:
            created = roster.import_roster(classroom, form.cleaned_data["roster"].read(), issued_by=request.user)
        except roster.RosterError as error:
            errors = error.errors
    return login_cards(request, classroom, created, errors)


@login_required
@require_POST
def reset_password(request, pk, user_id):
    """A teacher of the class gives a student of its roster a new one-time password, on a new card."""
    classroom = taught_classroom(request, pk)
    student = get_object_or_404(get_user_model(), pk=user_id)
    if not roster.can_reset_password(classroom, student):
        raise Http404
    card = roster.issue_password(student, classroom, request.user)
    return login_cards(request, classroom, [card], reset=True)


@login_required
@never_cache
def choose_password(request):
    """Where someone signed in with a one-time password must go first (OneTimePasswordMiddleware): they just
    typed it, so it is not asked again. Anyone else changing their password here gives the current one."""
    forced = bool(request.session.get(roster.SESSION_KEY))
    form = (SetPasswordForm if forced else PasswordChangeForm)(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        roster.password_chosen(request, user)
        messages.success(request, _("Your password is saved. Use it from now on: the one on your card no longer works."))
        return redirect(landing_url_for(user))
    return render(request, "teachers/choose_password.html", {
        "form": form, "forced": forced}, status=400 if form.errors else 200)
