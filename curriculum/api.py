from rest_framework import serializers, viewsets
from rest_framework.response import Response

from alma.api import LocaleField, LocalizedViewSetMixin
from curriculum.models import LearningOutcome, Level, Mineral, ModulePage, Theme


class ThemeSerializer(serializers.ModelSerializer):
    locale = LocaleField()

    class Meta:
        model = Theme
        fields = ["code", "name", "description", "locale", "translation_key"]


class MineralSerializer(serializers.ModelSerializer):
    locale = LocaleField()

    class Meta:
        model = Mineral
        fields = ["code", "name", "symbol", "is_critical", "main_uses", "locale", "translation_key"]


class LearningOutcomeSerializer(serializers.ModelSerializer):
    locale = LocaleField()
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    minerals = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = LearningOutcome
        fields = ["code", "statement", "level", "bloom_verb", "themes", "minerals", "alignments", "locale", "translation_key"]


class ModuleSerializer(serializers.ModelSerializer):
    locale = LocaleField()
    url = serializers.SerializerMethodField()
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    minerals = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    outcomes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    institution = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = ModulePage
        fields = [
            "id", "slug", "title", "summary", "level", "themes", "minerals", "outcomes", "estimated_hours",
            "institution", "licence", "version", "locale", "translation_key", "url", "first_published_at",
        ]

    def get_url(self, obj) -> str:
        return obj.get_url(request=self.context.get("request"))


class LevelSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class LevelViewSet(viewsets.GenericViewSet):
    """The five levels, school to university, with their names in the active language."""

    serializer_class = LevelSerializer
    pagination_class = None

    def list(self, request, format=None):
        levels = [{"code": value, "name": str(label)} for value, label in Level.choices]
        return Response(self.get_serializer(levels, many=True).data)


class ThemeViewSet(LocalizedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Theme.objects.select_related("locale")
    serializer_class = ThemeSerializer
    lookup_field = "code"


class MineralViewSet(LocalizedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Mineral.objects.select_related("locale")
    serializer_class = MineralSerializer
    lookup_field = "code"


class LearningOutcomeViewSet(LocalizedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = LearningOutcome.objects.select_related("locale").prefetch_related("themes", "minerals")
    serializer_class = LearningOutcomeSerializer
    lookup_field = "code"


class ModuleViewSet(LocalizedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Published, public modules. Filter by ``level``, ``theme`` or ``mineral`` code."""

    serializer_class = ModuleSerializer
    queryset = ModulePage.objects.all()  # for the schema; requests use get_queryset

    def get_queryset(self):
        queryset = self.localize(
            ModulePage.objects.in_catalogue().select_related("locale", "institution")
            .prefetch_related("themes", "minerals", "outcomes").order_by("level_order", "title")
        )
        for name, lookup in (("level", "level"), ("theme", "themes__code"), ("mineral", "minerals__code")):
            value = self.request.query_params.get(name)
            if value:
                queryset = queryset.filter(**{lookup: value})
        return queryset.distinct()
