from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from wagtail.models import Page

from alma.api import LocaleField, LocalizedViewSetMixin
from lessons.models import GlossaryTerm, LessonPage


class LessonSerializer(serializers.ModelSerializer):
    locale = LocaleField()
    module = serializers.SerializerMethodField()
    outcomes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    url = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()

    class Meta:
        model = LessonPage
        fields = ["id", "slug", "title", "summary", "minutes", "module", "outcomes", "locale", "translation_key", "url", "body"]

    def get_module(self, obj) -> int | None:
        return obj.get_parent().pk if self.context["view"].action == "retrieve" else None

    def get_url(self, obj) -> str:
        return obj.get_url(request=self.context.get("request"))

    def get_body(self, obj) -> list | None:
        if self.context["view"].action != "retrieve":
            return None
        return obj.body.get_prep_value()


class LessonViewSet(LocalizedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Published lessons. Filter by ``module`` (page id). The body comes with a single lesson."""

    serializer_class = LessonSerializer
    queryset = LessonPage.objects.all()  # for the schema; requests use get_queryset

    def get_queryset(self):
        queryset = self.localize(
            LessonPage.objects.live().public().select_related("locale").prefetch_related("outcomes").order_by("path")
        )
        module = self.request.query_params.get("module")
        if module:
            if not module.isdigit():
                raise ValidationError({"module": "Give the module's numeric id."})
            parent = Page.objects.filter(pk=module).first()
            queryset = queryset.child_of(parent) if parent else queryset.none()
        return queryset


class GlossaryTermSerializer(serializers.ModelSerializer):
    locale = LocaleField()

    class Meta:
        model = GlossaryTerm
        fields = ["code", "term", "definition", "locale", "translation_key"]


class GlossaryViewSet(LocalizedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = GlossaryTerm.objects.select_related("locale")
    serializer_class = GlossaryTermSerializer
    lookup_field = "code"
