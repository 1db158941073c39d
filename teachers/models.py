"""Classes, their members, the work assigned to them and per-student extensions.

Assignments point at content by ``translation_key`` (like progress does), so a
student sees the lesson in their language when it exists in it.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from curriculum.models import Level
from quizzes.models import ReviewWhen

# No 0/O, 1/I/L: a code read aloud or copied from a board is not misread.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
JOIN_CODE_DAYS = 30


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def default_code_expiry():
    return timezone.now() + timedelta(days=JOIN_CODE_DAYS)


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()[:32]


class ClassroomQuerySet(models.QuerySet):
    def taught_by(self, user):
        """Classes the user owns or co-teaches (archived included)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(owner=user) | models.Q(co_teachers=user)).distinct()

    def active(self):
        return self.filter(archived_at__isnull=True)


class Classroom(models.Model):
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    language = models.CharField(_("language"), max_length=10, help_text=_("Language code, for example es."))
    institution = models.ForeignKey("accounts.Institution", verbose_name=_("institution"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="classrooms")
    school_year = models.CharField(_("school year"), max_length=20, blank=True, help_text=_("For example 2026 or 2026-2027."))
    # Null only once its teacher deleted their account with nobody to hand it to
    # (teachers.membership.hand_over_classes): the class stays, archived, for its students.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("teacher"), null=True, on_delete=models.SET_NULL,
                              related_name="owned_classrooms")
    co_teachers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("co-teachers"), blank=True,
                                         related_name="co_taught_classrooms")
    join_code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH, unique=True, editable=False)
    code_expires_at = models.DateTimeField(_("join code expires"), default=default_code_expiry)
    is_cohort = models.BooleanField(_("trainer cohort"), default=False,
                                    help_text=_("A cohort is a class whose members are teachers in training."))
    self_paced = models.BooleanField(_("self-paced"), default=False,
                                     help_text=_("Due dates may count from each student's start in the class."))
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.join_code:
            self.join_code = self.unused_code()
        super().save(*args, **kwargs)

    @staticmethod
    def unused_code() -> str:
        while True:
            code = new_join_code()
            if not Classroom.objects.filter(join_code=code).exists():
                return code

    def renew_code(self):
        self.join_code = self.unused_code()
        self.code_expires_at = default_code_expiry()
        self.save(update_fields=["join_code", "code_expires_at"])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def student_country(self) -> str:
        """The country code given to the students the teacher creates for this class: its school's,
        else the teacher's own (so the public impact figures can count them by country)."""
        if self.institution and self.institution.country:
            return self.institution.country.code
        return self.owner.country.code if self.owner and self.owner.country else ""

    @property
    def code_is_valid(self) -> bool:
        return not self.is_archived and self.code_expires_at > timezone.now()

    def is_teacher(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return self.owner_id == user.pk or self.co_teachers.filter(pk=user.pk).exists()

    def groups(self) -> list[str]:
        return sorted(set(self.memberships.current().exclude(group="").values_list("group", flat=True)))


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_at__isnull=True)


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="class_memberships")
    group = models.CharField(_("group"), max_length=60, blank=True)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at"]
        constraints = [models.UniqueConstraint(fields=["classroom", "student"], condition=models.Q(left_at__isnull=True),
                                               name="one_current_membership")]
        verbose_name = _("class membership")

    def __str__(self):
        return f"{self.student} · {self.classroom}"


class Assignment(models.Model):
    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson")
        QUIZ = "quiz", _("Quiz")
        MODULE = "module", _("Module")
        TRACK = "track", _("Track")

    class Audience(models.TextChoices):
        CLASS = "class", _("The whole class")
        GROUPS = "groups", _("Groups")
        STUDENTS = "students", _("Chosen students")

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    target_key = models.UUIDField(help_text="translation_key of the lesson, quiz, module or track page")
    title = models.CharField(_("title"), max_length=255, help_text=_("Copied from the page when assigned."))
    instructions = models.TextField(_("instructions"), blank=True)
    available_from = models.DateTimeField(_("available from"), default=timezone.now)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    relative_due_days = models.PositiveSmallIntegerField(
        _("due days after the student joins"), null=True, blank=True,
        help_text=_("For self-paced classes: the due date counts from each student's start."))
    offline_tolerance_hours = models.PositiveSmallIntegerField(
        _("offline tolerance (hours)"), default=0,
        help_text=_("Work done up to this many hours after the due date still counts as on time, judged by when the "
                    "student did it, however late a device without a connection sends it."))
    audience = models.CharField(_("assigned to"), max_length=10, choices=Audience.choices, default=Audience.CLASS)
    groups = models.JSONField(_("groups"), default=list, blank=True)
    students = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("students"), blank=True,
                                      related_name="+")
    # Quiz rules for this class (quizzes only). Empty: the quiz's own setting applies. They are copied onto
    # each attempt when it starts (see quizzes/rules.py and teachers/rules.py), so a later change does not
    # alter an attempt already started.
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Empty: as set in the quiz. 0 for no limit."))
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: as set in the quiz. 0 for no limit."))
    feedback_when = models.CharField(_("show feedback"), max_length=20, choices=ReviewWhen.choices, blank=True)
    answers_when = models.CharField(_("show the right answers"), max_length=20, choices=ReviewWhen.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    QUIZ_RULE_FIELDS = ("attempts_allowed", "time_limit_minutes", "feedback_when", "answers_when")

    class Meta:
        ordering = ["available_from", "pk"]
        verbose_name = _("assignment")

    def __str__(self):
        return self.title

    def applies_to(self, membership: Membership, student_ids: set | None = None) -> bool:
        if self.audience == self.Audience.GROUPS:
            return membership.group in self.groups
        if self.audience == self.Audience.STUDENTS:
            ids = student_ids if student_ids is not None else set(self.students.values_list("pk", flat=True))
            return membership.student_id in ids
        return True

    def quiz_overrides(self) -> dict:
        """The quiz rules this assignment sets (empty fields left out)."""
        if self.kind != self.Kind.QUIZ:
            return {}
        values = {name: getattr(self, name) for name in self.QUIZ_RULE_FIELDS}
        return {name: value for name, value in values.items() if value is not None and value != ""}

    def quiz_rules_summary(self) -> list[str]:
        """The quiz rules this assignment sets, in words, for the teacher's list."""
        rules = self.quiz_overrides()
        words = []
        if "attempts_allowed" in rules:
            count = rules["attempts_allowed"]
            words.append(ngettext("%(count)d attempt", "%(count)d attempts", count) % {"count": count} if count
                         else gettext("no attempt limit"))
        if "time_limit_minutes" in rules:
            minutes = rules["time_limit_minutes"]
            words.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes} if minutes
                         else gettext("no time limit"))
        if "feedback_when" in rules:
            words.append(gettext("feedback: %(when)s") % {"when": self.get_feedback_when_display()})
        if "answers_when" in rules:
            words.append(gettext("right answers: %(when)s") % {"when": self.get_answers_when_display()})
        return words

    def done_late(self, done_at, due) -> bool:
        """Whether work the student did at ``done_at`` is late for ``due``, the offline tolerance given."""
        return bool(due and done_at > due + timedelta(hours=self.offline_tolerance_hours))

    def due_for(self, membership: Membership, extension=None):
        if extension is not None:
            return extension.due_at
        if self.relative_due_days is not None:
            return max(membership.joined_at, self.available_from) + timedelta(days=self.relative_due_days)
        return self.due_at


class Extension(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField(_("new due date"))
    reason = models.CharField(_("reason"), max_length=255)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "student"], name="one_extension_per_student")]
        verbose_name = _("extension")


class PaperSubmission(models.Model):
    """Answers a student gave on a printed worksheet, typed in by a teacher. The
    answers themselves live in the quiz attempt they became (scored, counted for
    progress and mastery like online answers); this row says who typed them."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="paper_submissions")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    attempt = models.OneToOneField("quizzes.Attempt", on_delete=models.CASCADE, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-entered_at"]
        verbose_name = _("paper answers")
        verbose_name_plural = _("paper answers")


class RosterAccount(models.Model):
    """A student account a teacher created from a class roster (no e-mail of its own). Its password is
    one-time: whoever signs in with it must choose their own before anything else (teachers/roster.py),
    and only a teacher of a class the student is in may issue a new one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roster_account")
    classroom = models.ForeignKey(Classroom, verbose_name=_("created in class"), null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("one-time password issued"), default=timezone.now)
    must_change_password = models.BooleanField(_("must choose a password"), default=True)

    class Meta:
        verbose_name = _("roster account")


class ExtraAttempt(models.Model):
    """One more attempt at an assigned quiz, granted by a teacher to one student (teachers/rules.py adds it
    to the attempts the assignment allows)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extra_attempts")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["granted_at", "pk"]
        verbose_name = _("extra attempt")
