from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Role(models.TextChoices):
    """Roles are Django groups, so Wagtail's permission screens manage them."""

    LEARNER = "Learner", _("Learner")
    TEACHER = "Teacher", _("Teacher")
    CONTRIBUTOR = "Contributor", _("Contributor")
    CURATOR = "Curator", _("Curator")
    TRANSLATOR = "Translator", _("Translator")


class Institution(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        TECHNICAL = "technical", _("Technical institute")
        UNIVERSITY = "university", _("University")
        COMPANY = "company", _("Company")
        NGO = "ngo", _("NGO")
        GOVERNMENT = "government", _("Government")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person on ALMA Aula. E-mail is optional: minors join classes without one."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="members",
    )
    country = CountryField(_("country"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names

    @cached_property
    def role_names(self) -> frozenset:
        """The names of this user's role groups, read once per request (the header asks several times)."""
        return frozenset(self.groups.values_list("name", flat=True))
