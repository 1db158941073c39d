"""The question bank in the Wagtail admin: the snippet viewset with its filters and "used in",
and the import screen. Registered in wagtail_hooks.py."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from curriculum.models import LearningOutcome, Level, Mineral, Theme
from quizzes.bank_usage import quizzes_using
from quizzes.formats import MAX_BYTES, FormatError
from quizzes.importing import guess_format, import_file
from quizzes.models import Difficulty, Question, QuestionType
from quizzes.qti import export_package


def _codes(model):
    return lambda: [(c, c) for c in model.objects.order_by("code").values_list("code", flat=True).distinct()]


class QuestionFilterSet(WagtailFilterSet):
    qtype = django_filters.ChoiceFilter(label=_("Type"), choices=QuestionType.choices)
    outcome = django_filters.ChoiceFilter(label=_("Learning outcome"), field_name="outcomes__code",
                                          choices=_codes(LearningOutcome), distinct=True)
    level = django_filters.ChoiceFilter(label=_("Level"), field_name="outcomes__level", choices=Level.choices, distinct=True)
    theme = django_filters.ChoiceFilter(label=_("Theme"), field_name="outcomes__themes__code", choices=_codes(Theme),
                                        distinct=True)
    mineral = django_filters.ChoiceFilter(label=_("Mineral"), field_name="outcomes__minerals__code",
                                          choices=_codes(Mineral), distinct=True)
    difficulty = django_filters.ChoiceFilter(label=_("Difficulty"), choices=Difficulty.choices)
    archived = django_filters.BooleanFilter(label=_("Archived"))

    class Meta:
        model = Question
        fields = []


class QuestionInspectView(InspectView):
    """Adds "used in": the quizzes that use the question (read here, so the bank need not know quiz pages)."""

    def get_field_label(self, field_name, field):
        return _("Used in") if field_name == "used_in" else super().get_field_label(field_name, field)

    def get_used_in_display_value(self):
        return ", ".join(page.title for page in quizzes_using([self.object.pk])[self.object.pk]) or "—"


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    menu_name = "questions"
    menu_order = 250
    add_to_admin_menu = True
    filterset_class = QuestionFilterSet
    inspect_view_enabled = True
    inspect_view_class = QuestionInspectView
    inspect_view_fields = ["title", "qtype", "difficulty", "outcome_list", "prompt", "used_in", "external_id", "locale"]
    list_display = [
        "title",
        Column("qtype", label=_("Type"), accessor="get_qtype_display"),
        Column("outcome_list", label=_("Outcomes")),
        Column("difficulty", label=_("Difficulty"), accessor="get_difficulty_display"),
        Column("fixed_in", label=_("Used in")),
        UpdatedAtColumn(),
    ]
    list_per_page = 50
    ordering = ["title"]

    def get_queryset(self, request):
        return Question.objects.select_related("locale").prefetch_related("outcomes", "slots__page")



class ImportForm(forms.Form):
    file = forms.FileField(label=_("Question file"), help_text=_("GIFT (.gift, .txt) or Moodle XML (.xml), at most 10 MB."))
    format = forms.ChoiceField(label=_("Format"), choices=[("", _("From the file name")), ("gift", "GIFT"),
                                                           ("moodle-xml", "Moodle XML")], required=False)
    locale = forms.ChoiceField(label=_("Language of the questions"), choices=settings.LANGUAGES)
    dry_run = forms.BooleanField(label=_("Only check the file (import nothing)"), required=False, initial=True)
    strict = forms.BooleanField(label=_("Refuse the file if any question would be skipped (a type the bank does not hold)"),
                                required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB. Split it into smaller files."))
        return upload


def import_view(request):
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    summary = errors = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            fmt = form.cleaned_data["format"] or guess_format(upload.name)
            try:
                summary = import_file(upload.read(), fmt=fmt, locale=form.cleaned_data["locale"], filename=upload.name,
                                      dry_run=form.cleaned_data["dry_run"], user=request.user,
                                      strict=form.cleaned_data["strict"])
            except FormatError as error:
                errors = error
                status = 400
        else:
            status = 400
    else:
        form = ImportForm()
    return TemplateResponse(request, "quizzes/admin/import.html", {
        "form": form, "summary": summary, "errors": errors, "page_title": _("Import questions"),
        "header_icon": "upload", "index_url": reverse("wagtailsnippets_quizzes_question:list"),
    }, status=status)


def export_qti_view(request, language):
    """The bank's questions in one language (latest versions, not archived) as a QTI 3.0 package."""
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES):
        raise Http404
    questions = Question.objects.filter(locale__language_code=language, archived=False)
    data, _count = export_package(questions, language=language)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="question-bank-{language}.qti.zip"'
    return response
