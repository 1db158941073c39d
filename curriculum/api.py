from collections import defaultdict

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from alma.api import LocaleField, LocalizedViewSetMixin, requested_locale
from curriculum.case import cf_package
from curriculum.models import LearningOutcome, Level, Mineral, ModulePage, OutcomeAlignment, Theme


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


class NationalAlignmentSerializer(serializers.Serializer):
    curriculum = serializers.CharField(help_text="The national curriculum's code, e.g. bncc.")
    code = serializers.CharField(help_text="The standard's code in that curriculum, e.g. EM13CNT309.")
    grade = serializers.CharField()
    subject = serializers.CharField()
    relation = serializers.ChoiceField(choices=["related", "exact"])


class LearningOutcomeSerializer(serializers.ModelSerializer):
    locale = LocaleField()
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    minerals = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    national = serializers.SerializerMethodField(help_text="The national curriculum standards this outcome fits.")

    class Meta:
        model = LearningOutcome
        fields = ["code", "statement", "level", "bloom_verb", "themes", "minerals", "alignments", "national", "locale",
                  "translation_key"]

    @extend_schema_field(NationalAlignmentSerializer(many=True))
    def get_national(self, obj) -> list:
        by_outcome = self.context.get("national")
        if by_outcome is None:  # a single outcome: read its own
            by_outcome = national_by_outcome([obj.code])
        return by_outcome.get(obj.code, [])


def national_by_outcome(codes=None) -> dict[str, list[dict]]:
    """Each outcome's national alignments, read in one query."""
    rows = OutcomeAlignment.objects.select_related("standard__curriculum").order_by("standard__curriculum__code", "standard__code")
    if codes is not None:
        rows = rows.filter(outcome_code__in=codes)
    found = defaultdict(list)
    for row in rows:
        found[row.outcome_code].append({"curriculum": row.standard.curriculum.code, "code": row.standard.code,
                                        "grade": row.standard.grade, "subject": row.standard.subject,
                                        "relation": row.relation})
    return found


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

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "list":
            context["national"] = national_by_outcome()
        return context


class CasePackageViewSet(viewsets.GenericViewSet):
    """The learning outcomes as a 1EdTech CASE 1.0 CFPackage (JSON), in the language of
    ``?locale=``, with the national curriculum standards they fit as CFItems joined by
    isRelatedTo / exactMatchOf CFAssociations."""

    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("locale", str, description="A site language code: es, pt, en, fr.")],
                   responses={200: dict})
    def list(self, request, format=None):
        locale = requested_locale(request)
        document_uri = request.build_absolute_uri(reverse("case-list")) + f"?locale={locale.language_code}"

        def outcome_uri(code):
            return request.build_absolute_uri(reverse("outcome-detail", kwargs={"code": code})) + f"?locale={locale.language_code}"

        return Response(cf_package(locale, document_uri=document_uri, outcome_uri=outcome_uri))


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
