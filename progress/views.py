import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page

from accounts import personal_data
from curriculum.models import ModulePage, SiteChoices, TrackPage
from lessons.models import LessonPage
from progress import account_deletion
from progress import dashboard as progress_dashboard
from progress import enrolment as progress_enrolment
from progress import lesson_progress
from progress import records as progress_records
from progress.badges.baking import bake
from progress.badges.credential import signed_credential
from progress.certificates import render_image, render_pdf, verification_url
from progress.models import Certificate


def _back(request, fallback):
    target = request.POST.get("next", "")
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else fallback


def _live_page(page_id, model):
    page = Page.objects.live().filter(pk=page_id).specific().first()
    if not isinstance(page, model):
        raise Http404(_("There is no such published page."))
    return page


@login_required
@require_POST
def enrol(request, page_id):
    module = _live_page(page_id, (ModulePage, TrackPage))
    try:
        if isinstance(module, TrackPage):
            enrolment, created = progress_enrolment.enrol_track(request.user, module)
        else:
            enrolment, created = progress_enrolment.enrol(request.user, module)
    except progress_records.NotAvailable:
        raise Http404(_("This module is not open for enrolment."))
    if created:
        messages.success(request, _("You are enrolled in “%(title)s”.") % {"title": module.title})
    return redirect(_back(request, module.url))


@require_POST
def visit(request, page_id):
    """The beacon a lesson page sends after it loads (``viewed=1``) and while it is
    read (``seconds`` of active time): a GET of the page never writes."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to keep your progress.")}, status=403)
    lesson = _live_page(page_id, LessonPage)
    try:
        seconds = lesson_progress.parse_active_seconds(request.POST.get("seconds"))
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)
    try:
        counted = lesson_progress.record_visit(request.user, lesson, seconds=seconds,
                                               viewed=request.POST.get("viewed") == "1")
    except progress_records.NotAvailable:
        raise Http404(_("This lesson is not published."))
    return JsonResponse({"seconds_counted": counted})


@login_required
@require_POST
def complete(request, page_id):
    lesson = _live_page(page_id, LessonPage)
    try:
        newly = lesson_progress.complete_lesson_after_reading(request.user, lesson)
    except progress_records.NotAvailable:
        raise Http404(_("This lesson is not published."))
    except lesson_progress.NotReadYet as error:
        minutes = max(1, -(-error.seconds_left // 60))
        messages.warning(request, ngettext(
            "Keep reading: you can mark this lesson complete after about %(minutes)d more minute on it.",
            "Keep reading: you can mark this lesson complete after about %(minutes)d more minutes on it.",
            minutes) % {"minutes": minutes})
        return redirect(_back(request, lesson.url))
    if newly:
        messages.success(request, _("Lesson completed."))
    return redirect(_back(request, lesson.url))


@login_required
def my_learning(request):
    locale = Locale.get_active()
    context = progress_dashboard.dashboard(request.user, locale)  # with the lesson to continue from
    return TemplateResponse(request, "progress/dashboard.html", context)


def _own_certificate(request, certificate_id):
    certificate = get_object_or_404(Certificate, pk=certificate_id)
    if certificate.user_id != request.user.pk:
        raise Http404
    return certificate


@login_required
def certificate_detail(request, certificate_id):
    certificate = _own_certificate(request, certificate_id)
    choices = SiteChoices.current(request)
    return TemplateResponse(request, "progress/certificate.html", {
        "certificate": certificate, "verify_url": verification_url(certificate, choices), "issuer": choices.certificate_issuer})


@login_required
def certificate_png(request, certificate_id):
    certificate = _own_certificate(request, certificate_id)
    # Baked: the PNG carries the signed Open Badges credential (iTXt chunk ``openbadgecredential``).
    response = HttpResponse(bake(render_image(certificate), signed_credential(certificate)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="alma-aula-certificate-{certificate.id}.png"'
    return response


@login_required
def certificate_pdf(request, certificate_id):
    certificate = _own_certificate(request, certificate_id)
    response = HttpResponse(render_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="alma-aula-certificate-{certificate.id}.pdf"'
    return response


def certificate_badge(request, verification_key):
    """The signed Open Badges 3.0 credential is public, like the verification page."""
    certificate = get_object_or_404(Certificate, verification_key=verification_key)
    response = JsonResponse(signed_credential(certificate), json_dumps_params={"ensure_ascii": False},
                            content_type="application/ld+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def certificate_badge_png(request, verification_key):
    """The certificate picture with its signed credential baked in: public, like the JSON."""
    certificate = get_object_or_404(Certificate, verification_key=verification_key)
    response = HttpResponse(bake(render_image(certificate), signed_credential(certificate)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="alma-aula-badge-{certificate.verification_key}.png"'
    return response


def verify(request, verification_key):
    """Public: only name, achievement, its modules and hours, date, issuer — and whether it was revoked.
    Looked up by the verification key, never the certificate id."""
    certificate = Certificate.objects.filter(verification_key=verification_key).first()
    status = 200 if certificate else 404
    return TemplateResponse(request, "progress/verify.html", {
        "certificate": certificate, "issuer": SiteChoices.current(request).certificate_issuer}, status=status)


@login_required
def export_my_data(request):
    data = personal_data.export(request.user)
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                            content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="alma-aula-my-data.json"'
    return response


@login_required
def delete_my_account(request):
    if request.method != "POST":
        return TemplateResponse(request, "progress/delete_account.html",
                                {"refusals": account_deletion.account_deletion_refusals(request.user)})
    if request.POST.get("confirm") != request.user.username:
        return TemplateResponse(request, "progress/delete_account.html",
                                {"error": _("Type your username exactly to confirm.")}, status=400)
    user = request.user
    try:
        account_deletion.delete_account(user)
    except account_deletion.AccountDeletionRefused as refused:
        return TemplateResponse(request, "progress/delete_account.html", {"refusals": refused.reasons, "refused": True},
                                status=409)
    logout(request)
    messages.success(request, _("Your account was deleted. Your learning records are kept only anonymously."))
    return redirect("/")
