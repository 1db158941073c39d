from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeachersConfig(AppConfig):
    name = "teachers"
    verbose_name = _("Classes and assignments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from teachers import personal_data, roster  # noqa: F401  ("My data" sections, one-time password sign-in)

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from teachers.learner import bump_class
        from teachers.models import Assignment, Classroom

        # An assignment or class changed: its students' filled pages are stale (alma/personal.py).
        for model in (Assignment, Classroom):
            post_save.connect(bump_class, sender=model, dispatch_uid=f"teachers-personal-save-{model.__name__}")
            post_delete.connect(bump_class, sender=model, dispatch_uid=f"teachers-personal-delete-{model.__name__}")
        m2m_changed.connect(bump_class, sender=Assignment.students.through, dispatch_uid="teachers-personal-students")
