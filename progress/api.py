from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alma.api import PAGE_ID_MAX, ObjectIdField
from curriculum.models import SiteChoices
from lessons.models import LessonPage
from progress import lesson_progress, record_sync
from progress import records as progress_records
from progress.certificates import verification_url
from progress.models import Certificate, Enrolment, LessonProgress, Statement
from progress.xapi import NotAnAlmaStatement, statement_to_xapi


class EnrolmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ["kind", "object_key", "enrolled_at", "last_activity_at", "progress", "seconds_spent", "completed_at"]


class LessonProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = LessonProgress
        fields = ["lesson_key", "module_key", "first_viewed_at", "last_viewed_at", "completed_at"]


class CertificateSerializer(serializers.ModelSerializer):
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["id", "verification_key", "kind", "achievement_title", "learner_name", "issued_at", "revoked_at",
                  "verification_url"]

    def get_verification_url(self, obj) -> str:
        return verification_url(obj)


class OwnRecordsMixin:
    """Every learner reads only their own records."""

    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return self.queryset.filter(user=self.request.user)


class EnrolmentViewSet(OwnRecordsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Enrolment.objects.all()
    serializer_class = EnrolmentSerializer


class CompleteSerializer(serializers.Serializer):
    lesson = ObjectIdField(max_value=PAGE_ID_MAX, help_text="Page id of a published lesson.")


class LessonProgressViewSet(OwnRecordsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = LessonProgress.objects.order_by("pk")  # a stable order for pagination
    serializer_class = LessonProgressSerializer

    @extend_schema(request=CompleteSerializer, responses={200: LessonProgressSerializer, 201: LessonProgressSerializer})
    @action(detail=False, methods=["post"])
    def complete(self, request, format=None):
        """Mark a lesson complete: 201 the first time, 200 when it already was."""
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lesson = LessonPage.objects.live().filter(pk=data.validated_data["lesson"]).first()
        if lesson is None:
            raise Http404("There is no published lesson with this id.")
        try:
            newly = lesson_progress.complete_lesson_after_reading(request.user, lesson)
        except progress_records.NotAvailable:
            raise Http404("This lesson is not published.")
        except lesson_progress.NotReadYet as error:
            return Response({"detail": _("This lesson needs %(seconds)d more seconds of reading before it can be marked "
                                         "complete.") % {"seconds": error.seconds_left},
                             "seconds_left": error.seconds_left}, status=status.HTTP_409_CONFLICT)
        progress = LessonProgress.objects.get(user=request.user, lesson_key=lesson.translation_key)
        return Response(LessonProgressSerializer(progress).data, status=status.HTTP_201_CREATED if newly else status.HTTP_200_OK)


class XapiStatementSerializer(serializers.Serializer):
    """An xAPI 1.0.3 statement (actor, verb, object, result, context, timestamp)."""

    id = serializers.UUIDField()
    actor = serializers.DictField()
    verb = serializers.DictField()
    object = serializers.DictField()
    result = serializers.DictField(required=False)
    context = serializers.DictField()
    timestamp = serializers.DateTimeField()


class StatementViewSet(OwnRecordsMixin, viewsets.GenericViewSet, mixins.ListModelMixin):
    """My learning records as xAPI 1.0.3 statements."""

    queryset = Statement.objects.order_by("timestamp")
    serializer_class = XapiStatementSerializer

    def list(self, request, format=None):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([statement_to_xapi(s) for s in page])


class CertificateViewSet(OwnRecordsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Certificate.objects.all()
    serializer_class = CertificateSerializer


class VerificationSerializer(serializers.ModelSerializer):
    """No certificate id and the issue day only: nothing here matches a learning record."""

    issued_on = serializers.SerializerMethodField()
    issuer = serializers.SerializerMethodField()
    revoked = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["verification_key", "learner_name", "achievement_title", "issued_on", "issuer", "revoked", "revoked_at"]

    def get_issued_on(self, obj) -> date:
        return obj.issued_at.date()

    def get_issuer(self, obj) -> str:
        return SiteChoices.current(self.context.get("request")).certificate_issuer

    def get_revoked(self, obj) -> bool:
        return obj.is_revoked


class VerificationViewSet(viewsets.GenericViewSet, mixins.RetrieveModelMixin):
    """Public certificate verification: name, achievement, date, issuer, revocation."""

    permission_classes = [permissions.AllowAny]
    queryset = Certificate.objects.all()
    serializer_class = VerificationSerializer
    lookup_field = "verification_key"


class CanSendSchoolRecords(permissions.BasePermission):
    message = "This account may not send school records: it needs the permission \u201cCan send school records\u201d."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated
                    and request.user.has_perm("progress.send_school_records"))


class RecordSyncSerializer(serializers.Serializer):
    statements = serializers.ListField(child=serializers.DictField(), max_length=record_sync.MAX_BATCH,
                                       help_text="xAPI 1.0.3 statements made by another ALMA (progress/xapi.py).")


class RecordSyncResultSerializer(serializers.Serializer):
    accepted = serializers.IntegerField(help_text="Statements stored now.")
    duplicates = serializers.IntegerField(help_text="Statements already here with the same content: nothing changed.")


class RecordSyncRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(required=False, help_text="What is wrong, and in which statement.")
    conflicts = serializers.ListField(child=serializers.UUIDField(), required=False,
                                      help_text="Ids known here with other content (409).")


class RecordSyncViewSet(viewsets.GenericViewSet):
    """Learning records sent up by a school server (``manage.py sync_records`` there), stored by statement id."""

    permission_classes = [CanSendSchoolRecords]
    serializer_class = RecordSyncSerializer

    @extend_schema(responses={200: RecordSyncResultSerializer, 400: RecordSyncRefusalSerializer,
                              409: RecordSyncRefusalSerializer})
    def create(self, request, format=None):
        """Store a batch: 200 with accepted and duplicates; 409 (nothing stored) when an id is known here
        with other content; 400 naming the statement and the part that is wrong."""
        data = RecordSyncSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            intake = record_sync.take_in(data.validated_data["statements"])
        except NotAnAlmaStatement as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        except record_sync.ConflictingStatements as error:
            return Response({"detail": "These statement ids are known here with other content; nothing of the "
                                       "batch was stored.", "conflicts": error.ids}, status=status.HTTP_409_CONFLICT)
        return Response({"accepted": intake.accepted, "duplicates": intake.duplicates})
