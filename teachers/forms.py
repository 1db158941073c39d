from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from curriculum.models import ModulePage, TrackPage
from lessons.models import LessonPage
from quizzes.models import QuizPage, ReviewWhen
from teachers.models import Assignment, Classroom
from teachers.membership import is_teacher


class ClassroomForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = Classroom
        fields = ["name", "level", "language", "institution", "school_year", "self_paced", "is_cohort"]


class CoTeacherForm(forms.Form):
    username = forms.CharField(label=_("Username of the co-teacher"), max_length=150)

    def clean_username(self):
        user = get_user_model().objects.filter(username__iexact=self.cleaned_data["username"].strip()).first()
        if user is None or not is_teacher(user):
            raise forms.ValidationError(_("No teacher has this username. They need a teacher account first."))
        return user


class StudentForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Name shown to the teacher"), max_length=150, required=False)
    group = forms.CharField(label=_("Group"), max_length=60, required=False)


class RosterForm(forms.Form):
    roster = forms.FileField(label=_("Roster (CSV)"), help_text=_(
        "One student per line, with the columns username, display_name, group. Nothing is created if a line has an error."))


class MemberForm(forms.Form):
    group = forms.CharField(label=_("Group"), max_length=60, required=False)


class ExtensionForm(forms.Form):
    student = forms.IntegerField(widget=forms.HiddenInput)
    due_at = forms.DateTimeField(label=_("New due date"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(label=_("Reason"), max_length=255)


def content_choices(language: str, *, level: str = "", tracks: bool = False, lessons_only: bool = False):
    """Modules, lessons and quizzes in the class's language, grouped by module, the class's level first and
    the other modules labelled with their level (three queries); for a trainer cohort, the tracks first (one more)."""
    modules = sorted(ModulePage.objects.live().filter(locale__language_code=language).only(
        "id", "title", "path", "level"), key=lambda m: (m.level != level, m.title))
    children = {}
    for model in (LessonPage,) if lessons_only else (LessonPage, QuizPage):
        for page in model.objects.live().filter(locale__language_code=language).only("id", "title", "path").order_by("path"):
            children.setdefault(page.path[:-Page.steplen], []).append((page.pk, f"— {page.title}"))
    choices = []
    if tracks:
        track_pages = list(TrackPage.objects.live().filter(locale__language_code=language).order_by("title").only("id", "title"))
        if track_pages:
            choices.append((_("Tracks"), [(t.pk, _("Whole track: %(title)s") % {"title": t.title}) for t in track_pages]))
    for module in modules:
        heading = module.title if module.level == level else f"{module.title} ({module.get_level_display()})"
        items = children.get(module.path, [])
        if not lessons_only:
            items = [(module.pk, _("Whole module: %(title)s") % {"title": module.title})] + items
        if items:
            choices.append((heading, items))
    return choices


class AssignmentForm(forms.ModelForm):
    page = forms.TypedChoiceField(label=_("Content"), coerce=int)
    due_at = forms.DateTimeField(label=_("Due"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    available_from = forms.DateTimeField(label=_("Available from"), required=False,
                                         widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    groups = forms.MultipleChoiceField(label=_("Groups"), required=False, widget=forms.CheckboxSelectMultiple)
    students = forms.ModelMultipleChoiceField(label=_("Students"), required=False, queryset=get_user_model().objects.none(),
                                              widget=forms.CheckboxSelectMultiple)
    offline_tolerance_hours = forms.IntegerField(
        label=_("Offline tolerance (hours)"), required=False, min_value=0, max_value=720,
        help_text=_("Work done up to this many hours after the due date still counts as on time, judged by when the "
                    "student did it, however late a device without a connection sends it."))
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed"), required=False, min_value=0, max_value=100,
        help_text=_("Quizzes only. Leave empty to keep the quiz's own setting; 0 for no limit."))
    time_limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"), required=False, min_value=0, max_value=1440,
        help_text=_("Quizzes only. Leave empty to keep the quiz's own setting; 0 for no limit."))
    feedback_when = forms.ChoiceField(
        label=_("Show feedback"), required=False, choices=[("", _("As set in the quiz"))] + ReviewWhen.choices,
        help_text=_("Quizzes only."))
    answers_when = forms.ChoiceField(
        label=_("Show the right answers"), required=False, choices=[("", _("As set in the quiz"))] + ReviewWhen.choices,
        help_text=_("Quizzes only."))

    class Meta:
        model = Assignment
        fields = ["instructions", "available_from", "due_at", "relative_due_days", "offline_tolerance_hours", "audience",
                  "groups", "students", *Assignment.QUIZ_RULE_FIELDS]

    def __init__(self, *args, classroom, **kwargs):
        super().__init__(*args, **kwargs)
        self.classroom = classroom
        self.fields["page"].choices = content_choices(classroom.language, level=classroom.level,
                                                      tracks=classroom.is_cohort)
        self.fields["groups"].choices = [(g, g) for g in classroom.groups()]
        self.fields["students"].queryset = get_user_model().objects.filter(
            class_memberships__classroom=classroom, class_memberships__left_at__isnull=True)
        if not classroom.self_paced:
            del self.fields["relative_due_days"]
        self.order_fields(["page"])
        if self.instance.pk:  # editing: the assigned page, in the class's language when there is one
            versions = Page.objects.filter(translation_key=self.instance.target_key).order_by("pk")
            self.fields["page"].initial = (versions.filter(locale__language_code=classroom.language).first()
                                           or versions.first() or Page()).pk

    def quiz_rule_fields(self):
        """The bound fields of the quiz rules, shown together under their own heading."""
        return [self[name] for name in Assignment.QUIZ_RULE_FIELDS]

    def general_fields(self):
        return [field for field in self if field.name not in Assignment.QUIZ_RULE_FIELDS]

    def clean(self):
        data = super().clean()
        page = Page.objects.filter(pk=data.get("page")).live().first()
        if page is None:
            self.add_error("page", _("Choose a published lesson, quiz or module."))
            return data
        page = page.specific
        kind = {LessonPage: Assignment.Kind.LESSON, QuizPage: Assignment.Kind.QUIZ, ModulePage: Assignment.Kind.MODULE,
                TrackPage: Assignment.Kind.TRACK}.get(type(page))
        if kind is None or (kind == Assignment.Kind.TRACK and not self.classroom.is_cohort):
            self.add_error("page", _("Only lessons, quizzes and modules can be assigned (and tracks, to a trainer cohort)."))
            return data
        self.instance.kind, self.instance.target_key, self.instance.title = kind, page.translation_key, page.title[:255]
        if kind != Assignment.Kind.QUIZ:  # quiz rules mean nothing for a lesson or a module: not kept
            for name in Assignment.QUIZ_RULE_FIELDS:
                data[name] = None if name in ("attempts_allowed", "time_limit_minutes") else ""
        audience = data.get("audience")
        if audience == Assignment.Audience.GROUPS and not data.get("groups"):
            self.add_error("groups", _("Choose at least one group, or assign to the whole class."))
        if audience == Assignment.Audience.STUDENTS and not data.get("students"):
            self.add_error("students", _("Choose at least one student, or assign to the whole class."))
        if not data.get("available_from"):
            data["available_from"] = None
        if data.get("offline_tolerance_hours") is None:
            data["offline_tolerance_hours"] = 0
        due = data.get("due_at")
        if due and data.get("available_from") and due < data["available_from"]:
            self.add_error("due_at", _("The due date must come after the start date."))
        return data

    def save(self, commit=True):
        if self.cleaned_data.get("available_from") is None:
            self.instance.available_from = timezone.now()
        self.instance.classroom = self.classroom
        return super().save(commit)
