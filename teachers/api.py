"""Classes, members, join, assignments and reports under /api/v1/, with the
same rules as the pages: teachers reach only the classes they own or co-teach
(others are 404), students only their own assignments."""

import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from alma.api import PAGE_ID_MAX, ObjectIdField
from alma.spreadsheets import SafeCSVWriter
from teachers import membership as classes
from teachers import my_assignments as mine
from teachers import roster
from teachers.forms import AssignmentForm
from teachers.models import Assignment, Classroom, Membership
from teachers.report import build_report
from teachers.report_export import report_filename, report_table


class ClassroomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Classroom
        fields = ["id", "name", "level", "language", "institution", "school_year", "join_code", "code_expires_at",
                  "is_cohort", "self_paced", "archived_at", "owner"]
        read_only_fields = ["join_code", "code_expires_at", "archived_at", "owner"]


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="student.username")
    name = serializers.CharField(source="student.__str__")

    class Meta:
        model = Membership
        fields = ["id", "student", "username", "name", "group", "joined_at"]


class MemberCreateSerializer(serializers.Serializer):
    """A new student account without e-mail, created in the class (the password is returned once)."""

    username = serializers.CharField(max_length=150)
    display_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    group = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class MemberCreatedSerializer(MembershipSerializer):
    password = serializers.CharField(read_only=True, help_text="One-time password: shown only in this response.")

    class Meta(MembershipSerializer.Meta):
        fields = MembershipSerializer.Meta.fields + ["password"]


class MemberUpdateSerializer(serializers.Serializer):
    group = serializers.CharField(max_length=60, allow_blank=True)


class MemberMoveSerializer(serializers.Serializer):
    classroom = ObjectIdField(help_text="Id of another active class you teach.")


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "classroom", "kind", "target_key", "title", "instructions", "available_from", "due_at",
                  "relative_due_days", "offline_tolerance_hours", "audience", "groups", "students", "attempts_allowed",
                  "time_limit_minutes", "feedback_when", "answers_when"]
        read_only_fields = ["kind", "target_key", "title"]


class AssignmentCreateSerializer(AssignmentSerializer):
    """The request body of a new assignment; it checks the types, the form then checks the choices."""

    classroom = ObjectIdField(help_text="Id of a class you teach.")
    page = ObjectIdField(max_value=PAGE_ID_MAX, write_only=True,
                         help_text="Page id of a published lesson, quiz or module.")

    class Meta(AssignmentSerializer.Meta):
        fields = AssignmentSerializer.Meta.fields + ["page"]


class CellSerializer(serializers.Serializer):
    """Where one student stands on one assignment (``cell_json``)."""

    assignment = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["done", "done-late", "late", "in-progress", "todo", "not-yet"])
    due = serializers.DateTimeField(allow_null=True)
    score = serializers.FloatField(allow_null=True, help_text="0–1")
    progress = serializers.FloatField(help_text="0–1")
    seconds = serializers.IntegerField()
    last_activity = serializers.DateTimeField(allow_null=True)
    extended = serializers.BooleanField()
    hours = serializers.FloatField(required=False, help_text="Tracks only: professional-development hours.")
    modules_done = serializers.IntegerField(required=False, help_text="Tracks only.")
    modules_total = serializers.IntegerField(required=False, help_text="Tracks only.")


class MyAssignmentSerializer(CellSerializer):
    """One of the learner's assignments, with where they stand on it."""

    classroom = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class MyAssignmentsSerializer(serializers.Serializer):
    todo = MyAssignmentSerializer(many=True)
    late = MyAssignmentSerializer(many=True)
    done = MyAssignmentSerializer(many=True)


class ReportAssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Assignment.Kind.choices)
    due_at = serializers.DateTimeField(allow_null=True)


class ReportMasterySerializer(serializers.Serializer):
    level = serializers.FloatField()
    mastered = serializers.BooleanField()


class ReportStudentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    group = serializers.CharField()
    last_activity = serializers.DateTimeField(allow_null=True)
    stuck = serializers.ListField(child=serializers.CharField(), help_text="Why the student looks stuck, if they do.")
    hours = serializers.FloatField(required=False, help_text="Classes with tracks only.")
    cells = serializers.ListField(child=CellSerializer(allow_null=True),
                                  help_text="One per assignment, in order; null where it is not assigned to them.")
    mastery = serializers.DictField(child=ReportMasterySerializer(), help_text="By learning-outcome code.")


class ClassReportSerializer(serializers.Serializer):
    classroom = serializers.IntegerField()
    assignments = ReportAssignmentSerializer(many=True)
    students = ReportStudentSerializer(many=True)


class JoinSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)


def cell_json(cell):
    if cell is None:
        return None
    return {"assignment": cell.assignment.pk, "status": cell.status, "due": cell.due, "score": cell.score,
            "progress": round(cell.progress, 3), "seconds": cell.seconds, "last_activity": cell.last_activity,
            "extended": cell.extended,
            **({"hours": float(cell.hours), "modules_done": cell.modules_done, "modules_total": cell.modules_total}
               if cell.assignment.kind == Assignment.Kind.TRACK else {})}


class CSVRenderer(BaseRenderer):
    """Lets ``?format=csv`` (or ``Accept: text/csv``) pick the report's CSV export."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, (str, bytes)) else str(data)


class ClassroomViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = ClassroomSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Classroom.objects.taught_by(self.request.user).order_by("-created_at")

    def perform_create(self, serializer):
        if not classes.is_teacher(self.request.user):
            raise PermissionDenied("Only teachers can create classes.")
        serializer.save(owner=self.request.user)

    @extend_schema(methods=["GET"], responses=MembershipSerializer(many=True))
    @extend_schema(methods=["POST"], request=MemberCreateSerializer, responses={201: MemberCreatedSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=MemberCreateSerializer, pagination_class=None)
    def members(self, request, pk=None, format=None):
        """GET: the current members. POST: create a student account without e-mail in the class."""
        classroom = self.get_object()
        if request.method == "POST":
            serializer = MemberCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            try:
                user, password = roster.create_student(classroom, **serializer.validated_data,
                                                         issued_by=request.user)
            except ValueError as error:
                return Response({"username": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
            membership = classroom.memberships.current().select_related("student").get(student=user)
            data = dict(MembershipSerializer(membership).data, password=password)
            return Response(data, status=status.HTTP_201_CREATED)
        members = classroom.memberships.current().select_related("student").order_by("student__username")
        return Response(MembershipSerializer(members, many=True).data)

    def _membership(self, membership_id):
        classroom = self.get_object()
        return get_object_or_404(Membership.objects.current().select_related("student", "classroom"),
                                 pk=membership_id, classroom=classroom)

    @extend_schema(methods=["PATCH"], request=MemberUpdateSerializer, responses=MembershipSerializer)
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(detail=True, methods=["patch", "delete"], url_path=r"members/(?P<membership_id>\d+)",
            serializer_class=MemberUpdateSerializer)
    def member(self, request, pk=None, membership_id=None, format=None):
        """PATCH: change the member's group. DELETE: remove them from the class (their teachers lose access)."""
        membership = self._membership(membership_id)
        if request.method == "DELETE":
            classes.leave(membership)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = MemberUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership.group = serializer.validated_data["group"].strip()
        membership.save(update_fields=["group"])
        return Response(MembershipSerializer(membership).data)

    @extend_schema(request=MemberMoveSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"], url_path=r"members/(?P<membership_id>\d+)/move",
            serializer_class=MemberMoveSerializer)
    def move_member(self, request, pk=None, membership_id=None, format=None):
        """Move the member to another active class you teach."""
        membership = self._membership(membership_id)
        serializer = MemberMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = Classroom.objects.taught_by(request.user).filter(pk=serializer.validated_data["classroom"]).first()
        if target is None or target.is_archived:
            return Response({"classroom": [_("Choose one of your active classes to move the student to.")]},
                            status=status.HTTP_400_BAD_REQUEST)
        moved = classes.move_member(membership, target)
        return Response(MembershipSerializer(moved).data)

    @extend_schema(responses={(200, "application/json"): ClassReportSerializer, (200, "text/csv"): str})
    @action(detail=True, renderer_classes=[JSONRenderer, BrowsableAPIRenderer, CSVRenderer])
    def report(self, request, pk=None, format=None):
        classroom = self.get_object()
        data = build_report(classroom, group=request.query_params.get("group") or None)
        if request.accepted_renderer.format == "csv":
            buffer = io.StringIO()
            SafeCSVWriter(buffer).writerows(report_table(data))
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{report_filename(classroom, "csv")}"'
            return response
        return Response({
            "classroom": classroom.pk,
            "assignments": [{"id": a.pk, "title": a.title, "kind": a.kind, "due_at": a.due_at} for a in data.assignments],
            "students": [{"id": row.student.pk, "username": row.student.username, "group": row.membership.group,
                          "last_activity": row.last_activity, "stuck": row.stuck_reasons,
                          **({"hours": float(row.hours)} if data.has_tracks else {}),
                          "cells": [cell_json(c) for c in row.cells],
                          "mastery": {code: {"level": m.level, "mastered": m.mastered} for code, m in row.mastery.items()}}
                         for row in data.rows],
        })

    @action(detail=False, methods=["post"], serializer_class=JoinSerializer)
    def join(self, request, format=None):
        serializer = JoinSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            membership = classes.join(request.user, serializer.validated_data["code"], request.META.get("REMOTE_ADDR", ""))
        except classes.JoinError as error:
            return Response({"code": [str(error)]}, status=error.status)
        return Response({"classroom": membership.classroom.pk, "name": membership.classroom.name},
                        status=status.HTTP_201_CREATED)


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = AssignmentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Assignment.objects.filter(classroom__in=Classroom.objects.taught_by(self.request.user)).order_by("pk")

    def create(self, request, *args, **kwargs):
        # The body's types are checked first (the form expects what an HTML form sends), so a malformed body
        # is a 400 that names the field.
        payload = AssignmentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        classroom = get_object_or_404(Classroom.objects.taught_by(request.user), pk=payload.validated_data["classroom"])
        form = AssignmentForm(request.data, classroom=classroom)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        form.instance.created_by = request.user
        assignment = form.save()
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    def get_serializer_class(self):
        return AssignmentCreateSerializer if self.action == "create" else AssignmentSerializer

    @extend_schema(responses=MyAssignmentsSerializer)
    @action(detail=False, pagination_class=None)
    def mine(self, request, format=None):
        buckets = mine.my_assignments(request.user, get_language())
        return Response({name: [{"classroom": item.classroom.pk, "title": item.page.title if item.page else item.cell.assignment.title,
                                 "url": item.page.url if item.page else None, **cell_json(item.cell)} for item in items]
                         for name, items in buckets.items()})
