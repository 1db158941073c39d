"""Server-rendered class pages: the teacher's classes, their join code and members, and a student
joining or leaving. Every view checks who asks: a teacher reaches only the classes they own or
co-teach (others get a 404, so codes and names of other classes do not leak), a student only their
own membership. The other teachers' pages live beside it: assignment_views, report_views,
classroom_use_views, roster_views, attempt_views. Changes when the class pages do."""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teachers import membership as classes
from teachers.forms import ClassroomForm, CoTeacherForm, MemberForm, RosterForm, StudentForm
from teachers.models import Classroom, Membership


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def taught_classroom(request, pk) -> Classroom:
    classroom = Classroom.objects.taught_by(request.user).filter(pk=pk).select_related("owner", "institution").first()
    if classroom is None:
        raise Http404
    return classroom


def require_teacher(request):
    if not classes.is_teacher(request.user):
        raise PermissionDenied


def join_url(request, classroom):
    return request.build_absolute_uri(reverse("teachers:join") + f"?code={classroom.join_code}")


@login_required
def class_list(request):
    taught = list(Classroom.objects.taught_by(request.user).select_related("institution"))
    memberships = list(Membership.objects.current().filter(student=request.user).select_related("classroom__owner"))
    return render(request, "teachers/class_list.html", {
        "taught": taught, "memberships": memberships, "is_teacher": classes.is_teacher(request.user)})


@login_required
def class_create(request):
    require_teacher(request)
    form = ClassroomForm(request.POST or None, initial={"language": get_language(), "institution": request.user.institution})
    if request.method == "POST" and form.is_valid():
        form.instance.owner = request.user
        classroom = form.save()
        messages.success(request, _("Class created. Give your students the join code."))
        return redirect("teachers:class", classroom.pk)
    return render(request, "teachers/class_form.html", {"form": form})


@login_required
def class_detail(request, pk):
    classroom = taught_classroom(request, pk)
    members = list(classroom.memberships.current().select_related("student").order_by("group", "student__username"))
    url = join_url(request, classroom)
    qr = segno.make(url, error="m").svg_inline(scale=4, title=_("QR code of the join link"), omitsize=False)
    return render(request, "teachers/class_detail.html", {
        "classroom": classroom, "members": members, "join_url": url, "qr_svg": qr,
        "co_teachers": list(classroom.co_teachers.all()), "groups": classroom.groups(),
        "co_teacher_form": CoTeacherForm(), "student_form": StudentForm(), "roster_form": RosterForm(),
        "is_owner": classroom.owner_id == request.user.pk,
    })


@login_required
def join_screen(request, pk):
    """The join code and QR full screen, to project: readable from the back of a classroom."""
    classroom = taught_classroom(request, pk)
    url = join_url(request, classroom)
    qr = segno.make(url, error="m").svg_inline(scale=10, title=_("QR code of the join link"), omitsize=True)
    return render(request, "teachers/join_screen.html", {"classroom": classroom, "join_url": url, "qr_svg": qr})


@login_required
def qr_svg(request, pk):
    classroom = taught_classroom(request, pk)
    buffer = io.BytesIO()
    segno.make(join_url(request, classroom), error="m").save(buffer, kind="svg", scale=8, title=classroom.join_code)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
@require_POST
def add_co_teacher(request, pk):
    classroom = taught_classroom(request, pk)
    form = CoTeacherForm(request.POST)
    if form.is_valid():
        user = form.cleaned_data["username"]
        if user.pk != classroom.owner_id:
            classroom.co_teachers.add(user)
        messages.success(request, _("%(name)s now teaches this class with you.") % {"name": user})
    else:
        messages.error(request, form.errors["username"][0])
    return redirect("teachers:class", classroom.pk)


@login_required
@require_POST
def renew_code(request, pk):
    classroom = taught_classroom(request, pk)
    classroom.renew_code()
    messages.success(request, _("New join code: %(code)s. The old one no longer works.") % {"code": classroom.join_code})
    return redirect("teachers:class", classroom.pk)


@login_required
@require_POST
def archive(request, pk):
    classroom = taught_classroom(request, pk)
    classroom.archived_at = None if classroom.is_archived else timezone.now()
    classroom.save(update_fields=["archived_at"])
    messages.success(request, _("Class archived.") if classroom.is_archived else _("Class restored."))
    return redirect("teachers:class", classroom.pk)


@login_required
@require_POST
def member_update(request, pk, membership_id):
    classroom = taught_classroom(request, pk)
    membership = get_object_or_404(Membership.objects.current(), pk=membership_id, classroom=classroom)
    if request.POST.get("action") == "remove":
        classes.leave(membership)
        messages.success(request, _("%(name)s was removed from the class.") % {"name": membership.student})
    elif request.POST.get("action") == "move":
        target = Classroom.objects.taught_by(request.user).filter(pk=request.POST.get("classroom")).first()
        if target is None or target.is_archived:
            messages.error(request, _("Choose one of your active classes to move the student to."))
        elif target.pk != classroom.pk:
            classes.move_member(membership, target)
            messages.success(request, _("%(name)s moved to %(class)s.") % {"name": membership.student, "class": target})
    else:
        form = MemberForm(request.POST)
        if form.is_valid():
            membership.group = form.cleaned_data["group"].strip()
            membership.save(update_fields=["group"])
            messages.success(request, _("Group saved."))
    return redirect("teachers:class", classroom.pk)


@login_required
def join(request):
    code = request.POST.get("code") if request.method == "POST" else request.GET.get("code", "")
    error, status = None, 200
    if request.method == "POST":
        try:
            membership = classes.join(request.user, code or "", client_ip(request))
        except classes.JoinError as exc:
            error, status = str(exc), exc.status
        else:
            messages.success(request, _("You joined %(class)s.") % {"class": membership.classroom})
            return redirect("teachers:my-assignments")
    return render(request, "teachers/join.html", {"code": code, "error": error}, status=status)


@login_required
@require_POST
def leave(request, pk):
    membership = get_object_or_404(Membership.objects.current(), classroom_id=pk, student=request.user)
    classes.leave(membership)
    messages.success(request, _("You left %(class)s.") % {"class": membership.classroom})
    return redirect("teachers:classes")
