"""A teacher's assignments to a class (create, edit, delete, extend a due date) and a student's own
list of them. Changes when assigning work does."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teachers import my_assignments as mine
from teachers.forms import AssignmentForm, ExtensionForm, content_choices
from teachers.models import Assignment, Extension
from teachers.views import taught_classroom


@login_required
def assignments(request, pk):
    classroom = taught_classroom(request, pk)
    form = AssignmentForm(request.POST or None, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Assigned: %(title)s.") % {"title": form.instance.title})
        return redirect("teachers:assignments", classroom.pk)
    items = list(classroom.assignments.all())
    return render(request, "teachers/assignments.html", {
        "classroom": classroom, "form": form, "assignments": items,
        "lessons": content_choices(classroom.language, level=classroom.level, lessons_only=True)},
        status=400 if form.errors else 200)


@login_required
def assignment_edit(request, pk, assignment_id):
    classroom = taught_classroom(request, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_id, classroom=classroom)
    form = AssignmentForm(request.POST or None, instance=assignment, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Assignment saved: %(title)s.") % {"title": assignment.title})
        return redirect("teachers:assignments", classroom.pk)
    return render(request, "teachers/assignment_edit.html", {"classroom": classroom, "form": form,
                                                             "assignment": assignment},
                  status=400 if form.errors else 200)


@login_required
def assignment_delete(request, pk, assignment_id):
    """GET asks for confirmation, POST deletes (with its extensions)."""
    classroom = taught_classroom(request, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_id, classroom=classroom)
    if request.method == "POST":
        assignment.delete()
        messages.success(request, _("Assignment deleted: %(title)s.") % {"title": assignment.title})
        return redirect("teachers:assignments", classroom.pk)
    return render(request, "teachers/assignment_delete.html", {"classroom": classroom, "assignment": assignment})


@login_required
@require_POST
def grant_extension(request, pk, assignment_id):
    classroom = taught_classroom(request, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_id, classroom=classroom)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a new due date and a reason for the extension."))
    elif not classroom.memberships.current().filter(student_id=form.cleaned_data["student"]).exists():
        raise Http404
    else:
        Extension.objects.update_or_create(
            assignment=assignment, student_id=form.cleaned_data["student"],
            defaults={"due_at": form.cleaned_data["due_at"], "reason": form.cleaned_data["reason"],
                      "granted_by": request.user, "granted_at": timezone.now()})
        messages.success(request, _("Extension granted."))
    return redirect("teachers:student", classroom.pk, form.cleaned_data.get("student") or 0)

@login_required
def my_assignments(request):
    buckets = mine.my_assignments(request.user, get_language())
    return render(request, "teachers/my_assignments.html", {"sections": mine.sections(buckets)})
