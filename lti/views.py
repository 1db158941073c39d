"""The LTI 1.3 tool's endpoints: the key set, OIDC login initiation, the launch (resource
links and deep linking), the deep-linking answer and a class's roster sync.

They live outside the language prefix (an LMS registers one fixed URL); a page a person
sees takes its language from the launch's ``locale`` claim, else from the browser.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from lti_tool.models import LtiRegistration
from lti_tool.utils import DjangoToolConfig, sync_data_from_launch
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoOIDCLogin
from pylti1p3.exception import OIDCException

from lti import deep_linking, frames, people, roster, targets
from lti.launch import LaunchRefused, restored_launch, validated_launch
from lti.models import CourseClass, Placement
from lti.tasks import sync_roster_task
from teachers.models import Classroom

LAUNCH_KEY = "alma_lti_launch_id"


def refused(request, error: LaunchRefused):
    return render(request, "lti/error.html", {"message": error.message, "reason": error.reason},
                  status=error.status)


def launch_language(launch) -> str:
    locale = str(launch.get_claim("locale") or "").replace("_", "-").split("-")[0].lower()
    return locale if locale in dict(settings.LANGUAGES) else translation.get_language()


def jwks(request):
    """The tool's public keys (JWKS), which platforms use to check what ALMA signs."""
    return JsonResponse(deep_linking.tool_jwks())


@csrf_exempt
@require_http_methods(["GET", "POST"])
def login_initiation(request):
    """OIDC third-party login: check the platform is registered, then send the browser to its
    auth endpoint with a state (cookie) and a nonce, to come back to the launch URL."""
    params = request.POST if request.method == "POST" else request.GET
    issuer, client_id = params.get("iss"), params.get("client_id")
    if not issuer or not params.get("login_hint") or not params.get("target_link_uri"):
        return refused(request, LaunchRefused("invalid", "missing iss, login_hint or target_link_uri"))
    registrations = LtiRegistration.objects.active().filter(issuer=issuer)
    if client_id:
        registrations = registrations.filter(client_id=client_id)
    if registrations.count() != 1:
        return refused(request, LaunchRefused("platform", "no single registration for this issuer and client"))
    deep_linking.ensure_key()
    if not params.get("lti1p3_new_window"):
        return _cookie_check(request, params)
    oidc = DjangoOIDCLogin(request, DjangoToolConfig(registrations.get().uuid),
                           launch_data_storage=DjangoCacheDataStorage())
    try:
        return oidc.redirect(request.build_absolute_uri(reverse("lti:launch")))
    except OIDCException as error:
        return refused(request, LaunchRefused("platform", str(error)))


LOGIN_PARAMS = ("iss", "login_hint", "target_link_uri", "lti_message_hint", "lti_deployment_id", "client_id")


def _cookie_check(request, params):
    """Inside the LMS's iframe the browser may refuse ALMA's cookies, and then no launch can be
    checked. A small script (lti/cookie-check.js) tries one: if it is kept, the login goes on in
    the iframe; if not, the person opens ALMA in a new window. Without JavaScript, both links show."""
    query = {name: params[name] for name in LOGIN_PARAMS if params.get(name)}
    query["lti1p3_new_window"] = "1"
    return render(request, "lti/cookie_check.html", {"continue_url": f"{reverse('lti:login')}?{urlencode(query)}"})


@csrf_exempt
@require_POST
def launch(request):
    """The platform posts the id_token here: check it, sign the LMS user in, open the page."""
    try:
        lti_launch = validated_launch(request)
    except LaunchRefused as error:
        return refused(request, error)
    language = launch_language(lti_launch)
    translation.activate(language)
    with transaction.atomic():
        sync_data_from_launch(lti_launch)
        if not lti_launch.deployment.is_active:
            return refused(request, LaunchRefused("deployment", lti_launch.deployment.deployment_id))
        roles = lti_launch.roles_claim or []
        if lti_launch.is_deep_link_launch and not people.is_instructor(roles):
            return refused(request, LaunchRefused("role"))
        user = people.account_for(lti_launch.user, roles, language)
        course = None
        if lti_launch.context_claim and not lti_launch.is_data_privacy_launch:
            course = _course_class(lti_launch, user, roles, language)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[LAUNCH_KEY] = lti_launch.get_launch_id()
    request.session[frames.SESSION_KEY] = request.lti_frame_origins = frames.launch_origins(lti_launch)
    if course is not None and people.is_instructor(roles) and course.context.memberships_url:
        transaction.on_commit(lambda: sync_roster_task.enqueue(course.pk))
    if lti_launch.is_deep_link_launch:
        return render(request, "lti/deep_link.html", {
            "choices": targets.choices(language), "course": course,
            "multiple": deep_linking.accepts_multiple(lti_launch),
        })
    if not lti_launch.is_resource_launch:
        return refused(request, LaunchRefused("invalid", "unsupported message type"))
    page = targets.page_for(targets.page_key_from(lti_launch), language)
    if page is None:
        return redirect("wagtail_serve", "")
    _place(lti_launch, page)
    return redirect(page.get_url(request))


def _course_class(lti_launch, user, roles, language):
    context = lti_launch.context
    if people.is_instructor(roles):
        classroom = roster.class_for(context, user, language)
    else:
        course = CourseClass.objects.filter(context=context).select_related("classroom").first()
        if course is None:
            return None
        classroom = course.classroom
        roster.add_student(classroom, user)
    return classroom.lti_course


def _place(lti_launch, page):
    """Remember which page this resource link opens, and its line item when it has one."""
    ags = lti_launch.ags_claim or {}
    Placement.objects.update_or_create(resource_link=lti_launch.resource_link, defaults={
        "page_key": page.translation_key,
        "lineitem_url": (ags.get("lineitem") or "")[:500] if targets.is_quiz(page) else "",
        "ags_scopes": list(ags.get("scope") or []),
    })


@require_POST
def deep_link_answer(request):
    """The instructor's choice, signed and posted back to the LMS (Deep Linking response)."""
    launch_id = request.session.get(LAUNCH_KEY)
    lti_launch = restored_launch(request, launch_id) if launch_id and request.user.is_authenticated else None
    if lti_launch is None or not lti_launch.is_deep_link_launch:
        return refused(request, LaunchRefused("invalid", "no deep-linking launch in this session"))
    if not people.is_instructor(lti_launch.roles_claim or []):
        return refused(request, LaunchRefused("role"))
    pages = [targets.page_for(key) for key in deep_linking.chosen_keys(request.POST.getlist("page"))]
    pages = [page for page in pages if page is not None]
    if not deep_linking.accepts_multiple(lti_launch):
        pages = pages[:1]
    jwt, return_url = deep_linking.answer(request, lti_launch, pages)
    return render(request, "lti/deep_link_return.html", {"jwt": jwt, "return_url": return_url, "pages": pages})


@login_required
@require_POST
def sync_class_roster(request, classroom):
    """A teacher of an LMS course's class asks for its roster now (NRPS)."""
    classroom = get_object_or_404(Classroom, pk=classroom)
    course = CourseClass.objects.filter(classroom=classroom).first()
    if course is None or not classroom.is_teacher(request.user):
        raise Http404
    sync_roster_task.enqueue(course.pk)
    messages.success(request, _("The class roster is being updated from the learning platform."))
    return redirect("teachers:class", classroom.pk)
